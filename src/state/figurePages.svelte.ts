// The figure area of the lesson on screen, shared between FigurePages (which measures it and
// counts the pages), the lessons (which size their canvases to it in projector mode) and
// App (whose clicker keys step through the pages). One lesson shows at a time, so one
// module-level record is enough.

export const figureArea = $state({
  /** Free space for one figure page, CSS px (0 until measured). */
  width: 0,
  height: 0,
  /** Pages of the lesson on screen (1 outside projector mode). */
  count: 1,
  /** The controls drawer is open (projector mode only; the controls are a drawer there). */
  drawerOpen: false,
});

/**
 * The height a figure of a lesson may use in projector mode: the measured page height less
 * `reserved` (its captions, legends and readouts), never under `floor`. Outside projector
 * mode, or before the area is measured, `normal`.
 */
export function pageHeight(projector: boolean, reserved: number, normal: number, floor = 120): number {
  if (!projector || figureArea.height <= 0) return normal;
  return Math.max(floor, Math.floor(figureArea.height - reserved));
}

/** Wide enough (1920 px projectors) to put side by side what a 1024 px one shows page by page. */
export const WIDE_AREA_PX = 1400;
export function wideArea(): boolean {
  return figureArea.width >= WIDE_AREA_PX;
}
