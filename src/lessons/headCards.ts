// Step ③ of the heads lesson on a projector: one card per head (its weights map, "·Vᵢ", its
// output), all on one figure page. The cards go as many to a row as gives the largest maps
// that fit both the width and the height the page leaves; when even the best is small, the
// cards drop their captions and the "·Vᵢ" (the step's shape line names the two maps) to give
// the maps that room.

/** Room a card takes besides its two maps, CSS px. */
export interface CardChrome {
  /** Borders, padding, the gaps and the "·Vᵢ" between the maps. */
  x: number;
  /** Borders, padding, the title and the captions under the maps. */
  y: number;
}

export interface HeadCardsSpace {
  heads: number;
  /** Columns of each head's output (d_k). */
  dk: number;
  /** The cards' box, CSS px. */
  width: number;
  height: number;
  /** Between cards, both ways. */
  gap: number;
  /** Largest weights map (a square). */
  maxMap: number;
  /** Widest a column of a head's output is drawn. */
  outputColumnPx: number;
}

export interface HeadCards {
  perRow: number;
  rows: number;
  /** Side of each head's weights map (n × n), px; also the head output's height. */
  weightsSize: number;
  /** Width of each head's output (n × d_k), px. */
  outputWidth: number;
  /** The cards without captions and "·Vᵢ". */
  compact: boolean;
}

/** The head output takes at most this share of the room beside the weights map. */
const OUTPUT_SHARE = 0.32;

/** The best layout for one card chrome: every balanced row count tried, the largest maps kept. */
export function fitHeadCards(space: HeadCardsSpace, chrome: CardChrome): Omit<HeadCards, 'compact'> {
  const { heads, dk, width, height, gap, maxMap, outputColumnPx } = space;
  let best: Omit<HeadCards, 'compact'> | null = null;
  for (let fit = 1; fit <= heads; fit++) {
    const rows = Math.ceil(heads / fit);
    // Balanced rows only (16 heads at 5 a row would leave one alone: 4 rows of 4 instead).
    const perRow = Math.ceil(heads / rows);
    if (perRow !== fit) continue;
    const beside = Math.floor((width - (perRow - 1) * gap) / perRow) - chrome.x;
    const byWidth = beside - Math.min(dk * outputColumnPx, Math.floor(beside * OUTPUT_SHARE));
    const byHeight = Math.floor((height - (rows - 1) * gap) / rows) - chrome.y;
    const weightsSize = Math.max(0, Math.min(maxMap, byWidth, byHeight));
    const outputWidth = Math.max(0, Math.min(dk * outputColumnPx, beside - weightsSize));
    // On a tie, fewer rows.
    if (!best || weightsSize >= best.weightsSize) best = { perRow, rows, weightsSize, outputWidth };
  }
  return best ?? { perRow: 1, rows: 1, weightsSize: 0, outputWidth: 0 };
}

/**
 * The cards with their captions while their maps get at least `comfortable` px; otherwise
 * whichever of the two chromes gives the larger maps.
 */
export function chooseHeadCards(space: HeadCardsSpace, full: CardChrome, compact: CardChrome, comfortable: number): HeadCards {
  const withCaptions = fitHeadCards(space, full);
  if (withCaptions.weightsSize >= comfortable) return { ...withCaptions, compact: false };
  const without = fitHeadCards(space, compact);
  return without.weightsSize > withCaptions.weightsSize ? { ...without, compact: true } : { ...withCaptions, compact: false };
}
