import { describe, expect, it } from 'vitest';
import { columnsTable, csvField, figureCsv, figureFileName, figureJson, matrixTable, tableCsv } from './figureData';

describe('csvField', () => {
  it('writes numbers at full precision and non-finite values as empty cells', () => {
    expect(csvField(0.1)).toBe('0.1');
    expect(csvField(Math.fround(0.1))).toBe('0.10000000149011612');
    expect(Number(csvField(Math.fround(0.1)))).toBe(Math.fround(0.1));
    expect(csvField(-1e-30)).toBe('-1e-30');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(Number.POSITIVE_INFINITY)).toBe('');
    expect(csvField(null)).toBe('');
  });

  it('quotes commas, quotes, line breaks and edge spaces (RFC 4180)', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' ')).toBe('" "');
    expect(csvField('我')).toBe('我');
    expect(csvField(true)).toBe('true');
  });

  it('keeps a spreadsheet from reading a token as a formula', () => {
    expect(csvField('=1+1')).toBe(`"'=1+1"`);
    expect(csvField('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvField(-3)).toBe('-3');
  });
});

describe('matrixTable and CSV', () => {
  const values = Float32Array.from([9, 9, 0.5, 0.25, 1, Number.NaN]);
  const table = matrixTable({ name: 'm', rows: 2, cols: 2, values, offset: 2, rowLabels: ['a', 'b,c'], colLabels: ['x', 'y'], rowHeader: 'query \\ key' });

  it('reads the slice at the offset, row-major, with labels', () => {
    expect(table.rows).toEqual([
      [0.5, 0.25],
      [1, null],
    ]);
    expect(table.columns).toEqual(['x', 'y']);
    expect(table.rowLabels).toEqual(['a', 'b,c']);
  });

  it('writes a header line and one labelled line per row', () => {
    expect(tableCsv(table)).toEqual(['query \\ key,x,y', 'a,0.5,0.25', '"b,c",1,']);
    expect(figureCsv({ tables: [table] })).toBe('query \\ key,x,y\r\na,0.5,0.25\r\n"b,c",1,\r\n');
  });

  it('numbers rows and columns when no labels are given', () => {
    const plain = matrixTable({ name: 'p', rows: 1, cols: 3, values: [1, 2, 3] });
    expect(plain.columns).toEqual(['0', '1', '2']);
    expect(plain.rowLabels).toEqual(['0']);
  });

  it('writes several tables one after another, each under its name', () => {
    const second = columnsTable('series', { n: [1, 2], ms: Float64Array.from([0.5, Number.NaN]) });
    expect(second.rows).toEqual([
      [1, 0.5],
      [2, null],
    ]);
    expect(figureCsv({ tables: [table, second] }).split('\r\n')).toEqual([
      'm',
      'query \\ key,x,y',
      'a,0.5,0.25',
      '"b,c",1,',
      '',
      'series',
      'n,ms',
      '1,0.5',
      '2,',
      '',
    ]);
  });
});

describe('figureJson', () => {
  it('records lesson, figure, settings, meta and each table with its shape', () => {
    const table = matrixTable({ name: 'w', rows: 2, cols: 3, values: [1, 2, 3, 4, 5, Number.POSITIVE_INFINITY] });
    const json = figureJson({
      lesson: 'playground',
      figure: 'attention-weights',
      title: 'Attention weights',
      settings: { config: { dModel: 64 } },
      data: { meta: { head: 1 }, tables: [table] },
      createdAt: new Date('2026-01-02T03:04:05Z'),
    });
    expect(json).toMatchObject({ format: 'qkv-lab-figure', version: 1, lesson: 'playground', figure: 'attention-weights', createdAt: '2026-01-02T03:04:05.000Z' });
    expect(json.settings).toEqual({ config: { dModel: 64 } });
    expect(json.meta).toEqual({ head: 1 });
    expect(json.tables[0].shape).toEqual([2, 3]);
    expect(json.tables[0].rows).toEqual([
      [1, 2, 3],
      [4, 5, null],
    ]);
    // Survives JSON.stringify / parse exactly.
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});

describe('figureFileName', () => {
  it('is deterministic, lower-case and dash-separated', () => {
    expect(figureFileName('playground', 'attention-weights', 'png', '2x')).toBe('qkv-playground-attention-weights-2x.png');
    expect(figureFileName('position', 'PE table', 'csv')).toBe('qkv-position-pe-table.csv');
    expect(figureFileName('depth', '--std--', 'svg')).toBe('qkv-depth-std.svg');
  });
});
