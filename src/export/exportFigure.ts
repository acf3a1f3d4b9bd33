// Make one export file of one figure, in the page, and hand it to the browser as a download.
import { currentExportContext } from './exportContext.svelte';
import { figureCsv, figureFileName, figureJson, type FigureData } from './figureData';
import { downloadBlob, svgToPng } from './rasterize';
import { snapshotSvg } from './svgSnapshot';
import { withBundledFonts } from './embedFonts';

export type ExportKind = 'png1' | 'png2' | 'png4' | 'svg' | 'csv' | 'json';
export const EXPORT_KINDS: readonly ExportKind[] = ['png1', 'png2', 'png4', 'svg', 'csv', 'json'];

/** Canvas pixels embedded in the SVG file: twice the screen's, sharp on a projector, small to store. */
const SVG_IMAGE_SCALE = 2;

export interface FigureSource {
  element: Element;
  name: string;
  title: string;
  data?: () => FigureData | null | undefined;
}

export function exportFileName(lesson: string, name: string, kind: ExportKind): string {
  switch (kind) {
    case 'png1':
    case 'png2':
    case 'png4':
      return figureFileName(lesson, name, 'png', kind === 'png1' ? '' : `${kind.slice(3)}x`);
    default:
      return figureFileName(lesson, name, kind);
  }
}

/** The file for one kind of export; null when the figure has no numbers to give. */
export async function buildExport(source: FigureSource, kind: ExportKind): Promise<{ blob: Blob; fileName: string } | null> {
  const { lesson, settings } = currentExportContext();
  const fileName = exportFileName(lesson, source.name, kind);
  if (kind === 'csv' || kind === 'json') {
    const data = source.data?.();
    if (!data || data.tables.length === 0) return null;
    const blob =
      kind === 'csv'
        ? new Blob([figureCsv(data)], { type: 'text/csv;charset=utf-8' })
        : new Blob([JSON.stringify(figureJson({ lesson, figure: source.name, title: source.title, settings, data }))], {
            type: 'application/json',
          });
    return { blob, fileName };
  }
  const scale = kind === 'png4' ? 4 : kind === 'png2' ? 2 : 1;
  const snapshot = snapshotSvg(source.element, { imageScale: kind === 'svg' ? SVG_IMAGE_SCALE : scale, title: source.title });
  const markup = await withBundledFonts(snapshot.markup);
  if (kind === 'svg') return { blob: new Blob([markup], { type: 'image/svg+xml' }), fileName };
  return { blob: await svgToPng(markup, snapshot.width, snapshot.height, scale), fileName };
}

export async function exportFigure(source: FigureSource, kind: ExportKind): Promise<string | null> {
  const file = await buildExport(source, kind);
  if (!file) return null;
  downloadBlob(file.blob, file.fileName);
  return file.fileName;
}
