// The numbers behind a figure, as tables, and their CSV and JSON files. Pure: no DOM.
//
// A figure gives one or more tables. A matrix (a heatmap) is one table whose rows and
// columns carry the token labels; a line chart is one table in long form (series, x, y).
// Values are written at full precision: a JS number prints as the shortest decimal that
// reads back to the same double, so a float32 from the model round-trips exactly.

import type { NumberArray } from '../model/trace';

export type Cell = number | string | boolean | null;

export interface FigureTable {
  /** What the table holds, e.g. "attention weights, layer 1, head 2". */
  name: string;
  /** Header of the first column when rows are labelled, e.g. "query \\ key". */
  rowHeader?: string;
  /** Column headers (without the row-label column). */
  columns: string[];
  /** One label per row (tokens, positions …); omitted for long-form tables. */
  rowLabels?: string[];
  rows: Cell[][];
}

export interface FigureData {
  /** Settings that produced the figure beyond the app's own (e.g. the layer shown). */
  meta?: Record<string, unknown>;
  tables: FigureTable[];
}

export const FIGURE_FORMAT = 'qkv-lab-figure';
export const FIGURE_VERSION = 1;

/** A row-major matrix slice as a labelled table; non-finite values become null. */
export function matrixTable(args: {
  name: string;
  rows: number;
  cols: number;
  values: NumberArray | readonly number[];
  offset?: number;
  rowLabels?: readonly string[];
  colLabels?: readonly string[];
  rowHeader?: string;
}): FigureTable {
  const offset = args.offset ?? 0;
  const rows: Cell[][] = [];
  for (let row = 0; row < args.rows; row++) {
    const cells: Cell[] = [];
    for (let col = 0; col < args.cols; col++) cells.push(finiteOrNull(args.values[offset + row * args.cols + col]));
    rows.push(cells);
  }
  return {
    name: args.name,
    rowHeader: args.rowHeader ?? 'row \\ column',
    columns: Array.from({ length: args.cols }, (_, col) => args.colLabels?.[col] ?? String(col)),
    rowLabels: Array.from({ length: args.rows }, (_, row) => args.rowLabels?.[row] ?? String(row)),
    rows,
  };
}

/** Columns of equal length as a table (a chart's x and its series). */
export function columnsTable(name: string, columns: Record<string, readonly Cell[] | NumberArray>): FigureTable {
  const names = Object.keys(columns);
  const length = Math.max(0, ...names.map((key) => columns[key].length));
  const rows: Cell[][] = Array.from({ length }, (_, index) =>
    names.map((key) => {
      const value = columns[key][index];
      return typeof value === 'number' ? finiteOrNull(value) : (value ?? null);
    }),
  );
  return { name, columns: names, rows };
}

export function finiteOrNull(value: number | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** RFC 4180 field: quoted when it holds a comma, quote, CR or LF (or starts/ends with a space). */
export function csvField(value: Cell | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? numberText(value) : String(value);
  // A leading =, +, - or @ would make a spreadsheet read a token as a formula: quote and prefix it.
  const formulaLike = typeof value === 'string' && /^[=+\-@\t\r]/.test(text);
  const safe = formulaLike ? `'${text}` : text;
  return /[",\r\n]|^\s|\s$/.test(safe) || formulaLike ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Shortest round-trip decimal; NaN and ±∞ are empty cells. */
export function numberText(value: number): string {
  return Number.isFinite(value) ? String(value) : '';
}

/** One table as CSV lines: header, then one line per row (row label first when present). */
export function tableCsv(table: FigureTable): string[] {
  const labelled = table.rowLabels !== undefined;
  const header = labelled ? [table.rowHeader ?? '', ...table.columns] : table.columns;
  const lines = [header.map(csvField).join(',')];
  table.rows.forEach((row, index) => {
    const cells = labelled ? [table.rowLabels![index] ?? '', ...row] : row;
    lines.push(cells.map(csvField).join(','));
  });
  return lines;
}

/**
 * The whole figure as CSV (CRLF line ends, as RFC 4180 asks). One table is plain CSV; several
 * are written one after the other, each preceded by a line with its name and separated by a
 * blank line (pandas: read_csv(skiprows=…, nrows=…), or split the file on blank lines).
 */
export function figureCsv(data: FigureData): string {
  if (data.tables.length === 1) return tableCsv(data.tables[0]).join('\r\n') + '\r\n';
  return (
    data.tables.map((table) => [csvField(table.name), ...tableCsv(table)].join('\r\n')).join('\r\n\r\n') + '\r\n'
  );
}

export interface FigureJson {
  format: typeof FIGURE_FORMAT;
  version: number;
  lesson: string;
  figure: string;
  title: string;
  createdAt: string;
  /** The app's settings (model config, lesson settings, language …) when the file was made. */
  settings: unknown;
  meta: Record<string, unknown>;
  tables: (FigureTable & { shape: [number, number] })[];
}

export function figureJson(args: {
  lesson: string;
  figure: string;
  title: string;
  settings: unknown;
  data: FigureData;
  createdAt?: Date;
}): FigureJson {
  return {
    format: FIGURE_FORMAT,
    version: FIGURE_VERSION,
    lesson: args.lesson,
    figure: args.figure,
    title: args.title,
    createdAt: (args.createdAt ?? new Date()).toISOString(),
    settings: args.settings,
    meta: args.data.meta ?? {},
    tables: args.data.tables.map((table) => ({
      ...table,
      rows: table.rows.map((row) => row.map((cell) => (typeof cell === 'number' && !Number.isFinite(cell) ? null : cell))),
      shape: [table.rows.length, table.columns.length],
    })),
  };
}

/** Deterministic download name: qkv-<lesson>-<figure>[-<suffix>].<ext>, lower-case and dash-separated. */
export function figureFileName(lesson: string, figure: string, extension: string, suffix = ''): string {
  const slug = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
  const parts = ['qkv', slug(lesson), slug(figure), slug(suffix)].filter((part) => part.length > 0);
  return `${parts.join('-')}.${extension}`;
}
