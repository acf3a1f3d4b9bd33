// `use:exportable={{ name, data }}` makes a figure exportable: the element gets an export
// button in its top-right corner (src/export/ExportMenu.svelte) that saves the figure as
// PNG or SVG exactly as it is drawn, and its numbers (`data`) as CSV or JSON.
//
// The button lives in a container the action appends to the element; it is marked so the
// snapshot leaves it out. Svelte may rebuild an element's children (an {#each} that is an
// element's only child clears it when it empties), so a removed container is put back.

import { mount, unmount } from 'svelte';
import ExportMenu from './ExportMenu.svelte';
import type { FigureData } from './figureData';
import { EXPORT_IGNORE_ATTRIBUTE } from './svgSnapshot';

export interface ExportableOptions {
  /** File-name part, e.g. "attention-weights" → qkv-playground-attention-weights.png. */
  name: string;
  /** A human title (the SVG's <title>, the JSON's title); default: the figure's caption or label. */
  title?: string;
  /** The numbers the figure shows, read when CSV or JSON is chosen; omitted: image export only. */
  data?: () => FigureData | null | undefined;
}

/** The title a figure shows: its caption, the label of its chart, or the file-name part. */
export function figureTitle(element: Element, fallback: string): string {
  const caption = element.querySelector('figcaption, h3, h4, legend');
  const text = caption?.textContent?.replace(/\s+/g, ' ').trim();
  if (text) return text;
  const labelled = element.matches('[aria-label]') ? element : element.querySelector('[role="img"][aria-label], [aria-label][role="application"]');
  return labelled?.getAttribute('aria-label')?.trim() || fallback;
}

export function exportable(element: HTMLElement, initial: ExportableOptions) {
  let options = initial;
  const container = document.createElement('div');
  container.setAttribute(EXPORT_IGNORE_ATTRIBUTE, '');
  container.className = 'export-anchor';
  container.style.display = 'contents';
  element.setAttribute('data-exportable', initial.name);
  // The button sits in the figure's corner: the figure must be its containing block.
  if (getComputedStyle(element).position === 'static') element.style.position = 'relative';
  element.append(container);

  const props = $state({ hasData: options.data !== undefined });
  const component = mount(ExportMenu, {
    target: container,
    props: {
      get source() {
        return () => ({
          element,
          name: options.name,
          title: options.title ?? figureTitle(element, options.name),
          data: options.data,
        });
      },
      get hasData() {
        return props.hasData;
      },
    },
  });

  const observer = new MutationObserver(() => {
    if (!container.isConnected || container.parentNode !== element) element.append(container);
  });
  observer.observe(element, { childList: true });

  return {
    update(next: ExportableOptions) {
      options = next;
      props.hasData = next.data !== undefined;
      element.setAttribute('data-exportable', next.name);
    },
    destroy() {
      observer.disconnect();
      void unmount(component);
      container.remove();
    },
  };
}
