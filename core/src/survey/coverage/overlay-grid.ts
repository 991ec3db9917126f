/**
 * The precision grid of every overlay (intersection, union, difference) on coverage geometry:
 * 1e-10° (about 0.01 mm). Snap-rounded overlays cannot fail on the nearly coincident edges a
 * cover unioned from many footprints accumulates; without it GEOS 3.14 (the embedded
 * database's) returned no rows at all for some cell − cover differences. The areas it changes
 * are below 1e-12 of a cell.
 */
export const OVERLAY_GRID_DEG = '1e-10';
