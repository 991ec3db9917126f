import type { Polygon, Position } from 'geojson';

export type Corners = [[number, number], [number, number], [number, number], [number, number]];

/**
 * The four corners of a photo's footprint in the order MapLibre's image source wants them
 * (top-left, top-right, bottom-right, bottom-left of the picture). The footprint polygon is the
 * projection of the picture's corners in that same order (core/src/survey/footprint.ts), closed
 * by repeating the first; null when the ring does not have four distinct corners.
 */
export function footprintCorners(footprint: Polygon | null | undefined): Corners | null {
  const ring = footprint?.coordinates?.[0];
  if (!ring || ring.length < 4) return null;
  const open: Position[] =
    ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1]
      ? ring.slice(0, -1)
      : ring;
  if (open.length !== 4) return null;
  return open.map(([lon, lat]) => [lon, lat]) as Corners;
}

/**
 * Where the photo's preview goes on the map: the server's `corners` (the picture's four corners
 * on the ground, kept apart from the footprint, which is densified along its edges and cut at
 * the horizon), else the footprint itself when it is still the picture's quadrilateral; null
 * when neither is known.
 */
export function previewCorners(image: {
  corners?: readonly (readonly number[])[] | null;
  footprint?: Polygon | null;
}): Corners | null {
  if (image.corners?.length === 4 && image.corners.every((c) => c.length >= 2))
    return image.corners.map(([lon, lat]) => [lon, lat]) as Corners;
  return footprintCorners(image.footprint);
}
