// Pan and zoom of the overview's picture: a world of boxes (CSS px at zoom 1) seen through
// a viewport. A world point (wx, wy) is drawn at (x + wx·zoom, y + wy·zoom). Pure, unit-tested.

export interface View {
  x: number;
  y: number;
  zoom: number;
}

export interface Size {
  width: number;
  height: number;
}

export const ZOOM_RANGE = { min: 0.2, max: 4 } as const;
/** One press of + or − (or a wheel notch), as a factor. */
export const ZOOM_STEP = 1.25;
/** Room left around the world when it is fitted. */
const FIT_MARGIN = 8;
/** The least of the world kept on screen, so a pan can never lose it. */
const KEEP_VISIBLE = 48;

const clampZoom = (zoom: number) => Math.min(ZOOM_RANGE.max, Math.max(ZOOM_RANGE.min, zoom));

/** Keep at least KEEP_VISIBLE px of the world (or all of it, if smaller) inside the viewport. */
export function clampView(view: View, world: Size, viewport: Size): View {
  const keep = (worldPx: number, viewportPx: number, offset: number) => {
    const visible = Math.min(KEEP_VISIBLE, worldPx, viewportPx);
    return Math.min(viewportPx - visible, Math.max(visible - worldPx, offset));
  };
  return {
    zoom: view.zoom,
    x: keep(world.width * view.zoom, viewport.width, view.x),
    y: keep(world.height * view.zoom, viewport.height, view.y),
  };
}

/** Zoom by factor about a viewport point (the pointer, a pinch's centre, or the middle). */
export function zoomAt(view: View, factor: number, pointX: number, pointY: number, world: Size, viewport: Size): View {
  const zoom = clampZoom(view.zoom * factor);
  const worldX = (pointX - view.x) / view.zoom;
  const worldY = (pointY - view.y) / view.zoom;
  return clampView({ zoom, x: pointX - worldX * zoom, y: pointY - worldY * zoom }, world, viewport);
}

export function panBy(view: View, dx: number, dy: number, world: Size, viewport: Size): View {
  return clampView({ ...view, x: view.x + dx, y: view.y + dy }, world, viewport);
}

/** The whole world, centred. */
export function fitAll(world: Size, viewport: Size): View {
  const zoom = clampZoom(
    Math.min((viewport.width - 2 * FIT_MARGIN) / Math.max(world.width, 1), (viewport.height - 2 * FIT_MARGIN) / Math.max(world.height, 1)),
  );
  return { zoom, x: (viewport.width - world.width * zoom) / 2, y: Math.max(FIT_MARGIN, (viewport.height - world.height * zoom) / 2) };
}

/** The world's full width (never above zoom 1), from its top: the first blocks readable, the rest a pan away. */
export function fitWidth(world: Size, viewport: Size): View {
  const zoom = clampZoom(Math.min(1, (viewport.width - 2 * FIT_MARGIN) / Math.max(world.width, 1)));
  return { zoom, x: Math.max(FIT_MARGIN, (viewport.width - world.width * zoom) / 2), y: FIT_MARGIN };
}

/** Bring a world rectangle into view (at the current zoom), e.g. a box reached with Tab. */
export function revealRect(view: View, rect: { x: number; y: number; width: number; height: number }, world: Size, viewport: Size): View {
  const left = view.x + rect.x * view.zoom;
  const top = view.y + rect.y * view.zoom;
  const right = left + rect.width * view.zoom;
  const bottom = top + rect.height * view.zoom;
  let dx = 0;
  let dy = 0;
  if (left < 0) dx = -left + FIT_MARGIN;
  else if (right > viewport.width) dx = viewport.width - right - FIT_MARGIN;
  if (top < 0) dy = -top + FIT_MARGIN;
  else if (bottom > viewport.height) dy = viewport.height - bottom - FIT_MARGIN;
  return dx === 0 && dy === 0 ? view : panBy(view, dx, dy, world, viewport);
}
