import type { ExpressionSpecification } from 'maplibre-gl';

/**
 * Colour scales that readers with colour-vision deficiencies can tell apart.
 *
 * Viridis: perceptually uniform, readable in greyscale and by deuteranopes (van der Walt &
 * Smith, matplotlib's default colormap, 2015); stops sampled at 0, .25, .5, .75, 1.
 * Okabe-Ito: eight categorical colours distinguishable under the common forms of colour
 * blindness (Okabe & Ito, "Color Universal Design", 2008).
 */
export const viridisStops: readonly string[] = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'];

/**
 * Survey-area coverage: a neutral light-to-dark grey (ColorBrewer "Greys", Brewer 2003), so an
 * area is never read as a heat-map value (viridis) nor a hot spot (blue-vermillion) beside them.
 */
export const coverageStops: readonly string[] = ['#f7f7f7', '#cccccc', '#969696', '#636363', '#252525'];

export const okabeIto = {
  black: '#000000',
  orange: '#e69f00',
  skyBlue: '#56b4e9',
  bluishGreen: '#009e73',
  yellow: '#f0e442',
  blue: '#0072b2',
  vermillion: '#d55e00',
  reddishPurple: '#cc79a7',
} as const;

function parseHex(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}

function toHex(channels: readonly number[]): string {
  return `#${channels.map((channel) => Math.round(channel).toString(16).padStart(2, '0')).join('')}`;
}

/**
 * The viridis colour (or that of another scale's `stops`) at `fraction` (0-1, clamped), linear
 * in RGB between the sampled stops.
 * @example viridisAt(0) // "#440154"; viridisAt(1) // "#fde725"
 */
export function viridisAt(fraction: number, stops: readonly string[] = viridisStops): string {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const position = clamped * (stops.length - 1);
  const lower = Math.floor(position);
  const upper = Math.min(stops.length - 1, lower + 1);
  const weight = position - lower;
  const from = parseHex(stops[lower]);
  const to = parseHex(stops[upper]);
  return toHex(from.map((channel, index) => channel + (to[index] - channel) * weight));
}

/**
 * A MapLibre `interpolate` expression mapping a numeric feature property over [min, max] to
 * viridis (or `scale`), with `fallback` for features that lack it.
 */
export function viridisExpression(
  property: string,
  min: number,
  max: number,
  fallback = '#bdbdbd',
  scale: readonly string[] = viridisStops,
): ExpressionSpecification {
  const stops = scale.flatMap((colour, index) => [min + ((max - min) * index) / (scale.length - 1), colour]);
  return [
    'case',
    ['has', property],
    ['interpolate', ['linear'], ['to-number', ['get', property]], ...stops],
    fallback,
  ] as ExpressionSpecification;
}
