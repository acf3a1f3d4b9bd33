// Keyboard and presentation-clicker shortcuts: which key does what, and when a key is left
// alone. Pure (no DOM globals), so it is unit-tested in Node; App.svelte listens for keydown
// on the window, asks shortcutFor() and carries the action out.
//
// Clickers send PageDown / PageUp (some ArrowRight / ArrowLeft, and 'b' or '.' for a blank
// screen, which are deliberately left to the browser). Lesson navigation stops at the first
// and last lesson rather than wrapping, so an extra click at the end of a class does not
// jump back to the playground.

import type { MaskMode } from '../model/config';
import type { StringKey } from '../i18n/strings';
import { LESSON_IDS, NUMBERED_LESSONS, type LessonId } from './lessons';
import { stepSlide } from './figurePaging';

export type ShortcutAction =
  /** `page`: the figure page to open it on (projector mode stepping back opens the last). */
  | { kind: 'lesson'; lesson: LessonId; page?: number }
  /** Another figure page of the lesson on screen (projector mode). */
  | { kind: 'figurePage'; page: number }
  /** Projector mode's controls drawer open / closed. */
  | { kind: 'controls' }
  | { kind: 'toggleScaling' }
  | { kind: 'cycleMask' }
  | { kind: 'toggleLanguage' }
  | { kind: 'help' }
  // Extension point: projector mode and fullscreen are implemented on the `projector`
  // branch. They are recognised here (and listed in the help) so that branch only has to
  // handle them in App.svelte's runShortcut(); until then they do nothing.
  | { kind: 'projector' }
  | { kind: 'fullscreen' };

/** What the focused element does with keys: text entry, its own arrow keys, or neither. */
export type FocusContext = 'text' | 'arrows' | 'other';

/** The parts of a KeyboardEvent the mapping reads. */
export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** An IME composition (e.g. typing Chinese) is never a shortcut. */
  isComposing?: boolean;
  /** A component already handled the key (e.g. a heatmap moving its cell). */
  defaultPrevented?: boolean;
}

/** The parts of an Element focusContext() reads (an HTMLElement satisfies it). */
export interface FocusTarget {
  tagName: string;
  isContentEditable?: boolean;
  getAttribute(name: string): string | null;
}

/** Input types that take no typed text (everything else, e.g. text, number, search, does). */
const NON_TEXT_INPUTS = new Set(['button', 'submit', 'reset', 'checkbox', 'radio', 'range', 'color', 'file', 'image', 'hidden']);
/** Input types whose arrow keys change the value (a radio moves within its group). */
const ARROW_INPUTS = new Set(['range', 'radio']);
/** Roles whose widgets use the arrow keys themselves; 'application' is the heatmaps'. */
const ARROW_ROLES = new Set(['application', 'slider', 'spinbutton', 'radiogroup', 'radio', 'tablist', 'tab', 'listbox', 'menu', 'menubar', 'grid', 'tree']);

export function focusContext(target: FocusTarget | null | undefined): FocusContext {
  if (!target || typeof target.tagName !== 'string') return 'other';
  const tag = target.tagName.toLowerCase();
  if (target.isContentEditable) return 'text';
  if (tag === 'textarea' || tag === 'select') return 'text';
  if (tag === 'input') {
    const type = (target.getAttribute('type') ?? 'text').toLowerCase();
    if (!NON_TEXT_INPUTS.has(type)) return 'text';
    if (ARROW_INPUTS.has(type)) return 'arrows';
    return 'other';
  }
  const role = target.getAttribute('role');
  if (role && ARROW_ROLES.has(role)) return 'arrows';
  return 'other';
}

/** The lesson `step` places after (or before) `current` in LESSON_IDS; stops at the ends. */
export function stepLesson(current: LessonId, step: 1 | -1): LessonId {
  const index = LESSON_IDS.indexOf(current);
  const next = Math.min(LESSON_IDS.length - 1, Math.max(0, index + step));
  return LESSON_IDS[next];
}

/**
 * The mask after `current`: none → causal → padding → none. The painted (custom) mask
 * joins the cycle, after padding, only while it is in use (chosen, or painted with at
 * least one masked cell), so the key never switches to an empty custom mask.
 */
export function nextMask(current: MaskMode, customInUse: boolean): MaskMode {
  const cycle: MaskMode[] = customInUse || current === 'custom' ? ['none', 'causal', 'padding', 'custom'] : ['none', 'causal', 'padding'];
  const index = cycle.indexOf(current);
  return cycle[(index + 1) % cycle.length];
}

/** Digit keys open lessons by their tab number: 1–9 the lessons, 0 the playground. */
function lessonForDigit(key: string): LessonId | null {
  if (!/^[0-9]$/.test(key)) return null;
  const index = Number(key);
  if (index === 0) return 'playground';
  return index <= NUMBERED_LESSONS.length ? NUMBERED_LESSONS[index - 1] : null;
}

const LETTER_ACTIONS: Record<string, ShortcutAction> = {
  s: { kind: 'toggleScaling' },
  m: { kind: 'cycleMask' },
  l: { kind: 'toggleLanguage' },
  '?': { kind: 'help' },
  p: { kind: 'projector' },
  f: { kind: 'fullscreen' },
  o: { kind: 'lesson', lesson: 'overview' },
  t: { kind: 'lesson', lesson: 'train' },
  c: { kind: 'controls' },
};

/**
 * The action for a key press, or null to leave the key to the browser and the page.
 * Nothing while typing (text inputs, textareas, selects, contenteditable), while Ctrl,
 * Meta or Alt is held (browser and system shortcuts), during IME composition, or when a
 * component already handled the key. PageDown/PageUp always step otherwise;
 * ArrowRight/ArrowLeft only when the focused control does not use the arrows itself.
 * With `slides` (projector mode: the figure page shown and how many there are) they step
 * through the lesson's figure pages first, then to the next or previous lesson; without,
 * from lesson to lesson.
 */
export function shortcutFor(
  event: KeyInput,
  context: FocusContext,
  current: LessonId,
  slides?: { page: number; count: number },
): ShortcutAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing || event.defaultPrevented) return null;
  if (context === 'text') return null;
  const { key } = event;
  if (key === 'PageDown' || key === 'PageUp' || key === 'ArrowRight' || key === 'ArrowLeft') {
    if ((key === 'ArrowRight' || key === 'ArrowLeft') && context === 'arrows') return null;
    const step = key === 'PageDown' || key === 'ArrowRight' ? 1 : -1;
    if (slides) {
      const next = stepSlide({ lesson: current, ...slides }, step);
      if (!next) return null;
      return next.lesson === current ? { kind: 'figurePage', page: next.page } : { kind: 'lesson', lesson: next.lesson, page: next.page };
    }
    const lesson = stepLesson(current, step);
    return lesson === current ? null : { kind: 'lesson', lesson };
  }
  const lesson = lessonForDigit(key);
  if (lesson) return { kind: 'lesson', lesson };
  return LETTER_ACTIONS[key] ?? null;
}

/** The help overlay's rows, in order: keys as shown on the keycaps, and what they do. */
export const SHORTCUT_HELP: readonly { keys: readonly string[]; text: StringKey }[] = [
  { keys: ['PageDown', '→'], text: 'keysNextLesson' },
  { keys: ['PageUp', '←'], text: 'keysPreviousLesson' },
  { keys: ['PageDown', '→'], text: 'keysNextSlide' },
  { keys: ['PageUp', '←'], text: 'keysPreviousSlide' },
  { keys: ['1', '…', '9'], text: 'keysLessonNumber' },
  { keys: ['0'], text: 'keysPlayground' },
  { keys: ['o'], text: 'keysOverview' },
  { keys: ['t'], text: 'keysTrain' },
  { keys: ['s'], text: 'keysScaling' },
  { keys: ['m'], text: 'keysMask' },
  { keys: ['l'], text: 'keysLanguage' },
  { keys: ['p'], text: 'keysProjector' },
  { keys: ['f'], text: 'keysFullscreen' },
  { keys: ['c'], text: 'keysControls' },
  { keys: ['?'], text: 'keysHelp' },
  { keys: ['Esc'], text: 'keysClose' },
];
