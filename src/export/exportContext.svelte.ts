// What every figure export records besides its own numbers: the lesson it belongs to and
// the app's settings at that moment (model config, lesson settings). main.ts provides it
// once, so a figure needs to say only its name and its numbers.
import type { Playground } from '../state/playground.svelte';

export interface ExportContext {
  lesson: string;
  settings: unknown;
}

let source: (() => ExportContext) | null = null;

export function provideExportContext(playground: Playground): void {
  source = () => ({ lesson: playground.settings.lesson, settings: $state.snapshot(playground.settings) });
}

/** The current lesson and settings; a figure outside the app (a test) gets `lesson: "figure"`. */
export function currentExportContext(): ExportContext {
  return source?.() ?? { lesson: 'figure', settings: null };
}
