import { foldCellText } from './cell-text';
import { parseFailure, parsedValue, type Parsed } from './parsed';

/** How a sample was taken (PHES-ODM v2 collType flowPr, timePr, volPr, grb). */
export type CollectionType = 'composite_flow' | 'composite_time' | 'composite_volume' | 'grab';

export const COLLECTION_TYPES: readonly CollectionType[] = [
  'composite_flow',
  'composite_time',
  'composite_volume',
  'grab',
];

const SPELLINGS: Readonly<Record<string, CollectionType>> = {
  compositeflow: 'composite_flow',
  flow: 'composite_flow',
  flowproportional: 'composite_flow',
  flowpr: 'composite_flow',
  流量比例混合: 'composite_flow',
  流量比例: 'composite_flow',
  流量比例混合样: 'composite_flow',
  流量混合: 'composite_flow',
  compositetime: 'composite_time',
  time: 'composite_time',
  timeproportional: 'composite_time',
  timepr: 'composite_time',
  时间比例混合: 'composite_time',
  时间比例: 'composite_time',
  时间比例混合样: 'composite_time',
  时间混合: 'composite_time',
  '24小时混合': 'composite_time',
  '24h混合': 'composite_time',
  compositevolume: 'composite_volume',
  volume: 'composite_volume',
  volumeproportional: 'composite_volume',
  volpr: 'composite_volume',
  体积比例混合: 'composite_volume',
  体积比例: 'composite_volume',
  体积比例混合样: 'composite_volume',
  grab: 'grab',
  grb: 'grab',
  瞬时: 'grab',
  瞬时样: 'grab',
  瞬时采样: 'grab',
  单次: 'grab',
};

/**
 * Reads a collection type in English, Chinese or PHES-ODM spelling.
 * @example parseCollectionType('流量比例混合') // { ok: true, value: 'composite_flow' }
 */
export function parseCollectionType(text: string): Parsed<CollectionType> {
  const folded = foldCellText(text);
  if (folded === '') return parseFailure('missing_value');
  const type = SPELLINGS[folded.toLowerCase().replace(/[\s_-]/g, '')];
  return type ? parsedValue(type) : parseFailure('invalid_collection_type', folded);
}
