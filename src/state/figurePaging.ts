// Projector mode shows a lesson's figures one page at a time, like slides. This is the pure
// stepping logic (unit-tested in Node): the clicker keys walk through the current lesson's
// pages first and only then move to the next or previous lesson, as presentation software
// does. Outside projector mode every page shows, so the keys move between lessons.

import { LESSON_IDS, type LessonId } from './lessons';

/** Pages a lesson may have; also the largest `fig` the URL accepts (1-based there). */
export const MAX_FIGURE_PAGES = 9;
/**
 * The page to open a lesson on when stepping back into it: its last. Shown pages are
 * min(page, count − 1), so this lands on the last page whatever the count turns out to be.
 */
export const LAST_FIGURE_PAGE = MAX_FIGURE_PAGES - 1;

export interface SlidePosition {
  lesson: LessonId;
  /** The figure page asked for, 0-based (may exceed count − 1: the last is shown). */
  page: number;
  /** Pages the lesson has; 1 outside projector mode, where every figure shows at once. */
  count: number;
}

/** The page actually shown: `page` clamped into 0 … count − 1. */
export function shownPage(page: number, count: number): number {
  return Math.max(0, Math.min(Math.floor(page), Math.max(1, count) - 1));
}

/**
 * Where one click forward (+1) or back (−1) goes: the next page of this lesson, else the
 * first page of the next lesson (the last page of the previous one going back). Null at
 * the very ends: the navigation stops rather than wrapping round.
 */
export function stepSlide(position: SlidePosition, step: 1 | -1): { lesson: LessonId; page: number } | null {
  const page = shownPage(position.page, position.count);
  const within = page + step;
  if (within >= 0 && within < position.count) return { lesson: position.lesson, page: within };
  const index = LESSON_IDS.indexOf(position.lesson) + step;
  if (index < 0 || index >= LESSON_IDS.length) return null;
  return { lesson: LESSON_IDS[index], page: step === 1 ? 0 : LAST_FIGURE_PAGE };
}
