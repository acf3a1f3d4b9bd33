// Projector mode, theme and fullscreen: the page-wide display state and what is written
// onto <html> (data-view, data-theme) for app.css to style. Their keys, `p` and `f`, are
// in shortcuts.ts with the others.

export type ViewMode = 'normal' | 'projector';
export const VIEW_MODES: readonly ViewMode[] = ['normal', 'projector'];
/** `auto` follows the system's prefers-color-scheme. */
export type ThemeChoice = 'auto' | 'light' | 'dark';
export const THEME_CHOICES: readonly ThemeChoice[] = ['auto', 'light', 'dark'];
export type Theme = 'light' | 'dark';

/** Smallest text in projector mode, CSS px (also the floor of chart labels drawn by code). */
export const PROJECTOR_MIN_FONT_PX = 20;

/** What the page shows now: components that size text in code (heatmap labels) read it. */
export const display = $state<{ projector: boolean; theme: Theme }>({ projector: false, theme: 'light' });

export function systemTheme(): Theme {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function resolveTheme(choice: ThemeChoice, system: Theme = systemTheme()): Theme {
  return choice === 'auto' ? system : choice;
}

/** The smallest font a chart may draw, px: PROJECTOR_MIN_FONT_PX in projector mode, else `normal`. */
export function minFont(normal: number): number {
  return display.projector ? Math.max(normal, PROJECTOR_MIN_FONT_PX) : normal;
}

/** Write the display state onto <html>, where app.css picks it up. */
export function applyDisplay(view: ViewMode, theme: Theme, root: HTMLElement = document.documentElement): void {
  display.projector = view === 'projector';
  display.theme = theme;
  root.dataset.view = view;
  root.dataset.theme = theme;
}

export function fullscreenSupported(): boolean {
  return typeof document !== 'undefined' && document.fullscreenEnabled === true && typeof document.documentElement.requestFullscreen === 'function';
}

export function toggleFullscreen(): void {
  if (!fullscreenSupported()) return;
  if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
  else void document.documentElement.requestFullscreen().catch(() => {});
}
