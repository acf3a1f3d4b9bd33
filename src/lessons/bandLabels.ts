// Which labels the heads lesson's column bands can carry without two of them touching.
// Each band (one head's columns) has lines of text, each line a list of wordings from
// longest to shortest ("head 3", "3"). A line gets the longest wording that fits in every
// band, so all bands read alike. The first line (the head number) matters most: when even
// its shortest wording is too wide for one band (8 heads over a 130 px W_Q at projector
// type), every second, third … band is labelled instead, each label spreading over the
// unlabelled bands beside it. Other lines that do not fit are left out.

export interface BandText {
  /** Width of the band, px. */
  width: number;
  /** Per line, its wordings from longest to shortest. */
  lines: string[][];
}

export interface LineLayout {
  /** Index of the wording drawn in every labelled band, or -1: the line is left out. */
  choice: number;
  /** Every `stride`-th band carries the label (1: all of them). */
  stride: number;
}

/**
 * The layout of each line. `measure(text, line)` is the drawn width of a text on that line
 * (lines may differ in weight); `gap` the least free space between two labels, px.
 */
export function layoutBandLabels(bands: BandText[], measure: (text: string, line: number) => number, gap: number): LineLayout[] {
  const lineCount = Math.max(0, ...bands.map((band) => band.lines.length));
  return Array.from({ length: lineCount }, (_, line) => {
    const choices = Math.max(0, ...bands.map((band) => band.lines[line]?.length ?? 0));
    const fits = (choice: number, stride: number) =>
      bands.every((band, index) => {
        if (index % stride !== 0) return true;
        const text = band.lines[line]?.[choice] ?? '';
        // A label spreads over the unlabelled bands after it (up to the next label).
        const room = bands.slice(index, index + stride).reduce((sum, next) => sum + next.width, 0);
        return text === '' || measure(text, line) + gap <= room;
      });
    for (let choice = 0; choice < choices; choice++) if (fits(choice, 1)) return { choice, stride: 1 };
    if (line > 0 || choices === 0) return { choice: -1, stride: 1 };
    const shortest = choices - 1;
    // Only strides that still label at least two bands: one label would not say which head is which.
    for (let stride = 2; stride < bands.length; stride++) if (fits(shortest, stride)) return { choice: shortest, stride };
    return { choice: -1, stride: 1 };
  });
}

/** The text a band shows on each line ('' where the layout leaves it out). */
export function bandLines(band: BandText, index: number, layout: LineLayout[]): string[] {
  return layout.map(({ choice, stride }, line) => (choice >= 0 && index % stride === 0 ? (band.lines[line]?.[choice] ?? '') : ''));
}

/** Lines that show any text: the band's height is sized to these. */
export function shownLineCount(layout: LineLayout[]): number {
  return layout.filter(({ choice }) => choice >= 0).length;
}
