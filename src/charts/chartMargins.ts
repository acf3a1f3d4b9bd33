// Chart margins that grow with the type. The charts' tick labels and axis titles are drawn
// at `font` px (12 normally; 20 in projector mode, where app.css raises every SVG text to
// the floor), so margins fixed for 12 px would clip or crowd them.

export interface Margins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/**
 * Room for a bottom axis (tick labels, then the axis title under them) and a left axis
 * (tick labels about four characters wide, and the rotated title beside them).
 */
export function chartMargins(font: number): Margins {
  return {
    top: Math.round(font * 1.2),
    right: Math.round(font * 1.2),
    bottom: Math.round(font * 3.4),
    left: Math.round(font * 4.7),
  };
}

/** Where an axis title's baseline sits: x title under the ticks, y title beside them. */
export function axisTitleOffset(font: number): number {
  return Math.round(font * 0.35);
}
