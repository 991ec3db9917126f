/**
 * English names (pinyin) of the places the demo's basemap pack and the outline map's city labels
 * name: Hainan's cities, counties and districts, and the demo's treatment plants. The web map
 * shows them in the English interface and the Chinese name where none is given here. A real pack
 * (an OpenStreetMap extract) carries its own `name:en`.
 */
export const PLACE_NAMES_EN: Readonly<Record<string, string>> = {
  海口市: 'Haikou',
  三亚市: 'Sanya',
  儋州市: 'Danzhou',
  琼海市: 'Qionghai',
  文昌市: 'Wenchang',
  万宁市: 'Wanning',
  东方市: 'Dongfang',
  五指山市: 'Wuzhishan',
  定安县: "Ding'an",
  屯昌县: 'Tunchang',
  澄迈县: 'Chengmai',
  临高县: 'Lingao',
  白沙黎族自治县: 'Baisha',
  昌江黎族自治县: 'Changjiang',
  乐东黎族自治县: 'Ledong',
  陵水黎族自治县: 'Lingshui',
  保亭黎族苗族自治县: 'Baoting',
  琼中黎族苗族自治县: 'Qiongzhong',
  秀英区: 'Xiuying',
  龙华区: 'Longhua',
  琼山区: 'Qiongshan',
  美兰区: 'Meilan',
  崖州区: 'Yazhou',
  天涯区: 'Tianya',
  吉阳区: 'Jiyang',
  海棠区: 'Haitang',
  白沙门污水处理厂: 'Baishamen WWTP',
  长流污水处理厂: 'Changliu WWTP',
  狮子岭污水处理厂: 'Shiziling WWTP',
  桂林洋污水处理厂: 'Guilinyang WWTP',
  东方市八所污水处理厂: 'Dongfang Basuo WWTP',
  琼海市嘉积城区污水处理厂: 'Qionghai Jiaji WWTP',
  琼海市博鳌镇污水处理厂: "Qionghai Bo'ao WWTP",
  琼海市潭门镇污水处理厂: 'Qionghai Tanmen WWTP',
  琼海市长坡镇污水处理厂: 'Qionghai Changpo WWTP',
  琼海市中原镇污水处理厂: 'Qionghai Zhongyuan WWTP',
};

/**
 * The Chinese and English names as two arrays, for SQL to join on (`unnest($1::text[],
 * $2::text[]) as n(zh, en)`): the names stay bound parameters, not text in the query.
 */
export function placeNamePairs(): [string[], string[]] {
  const entries = Object.entries(PLACE_NAMES_EN);
  return [entries.map(([zh]) => zh), entries.map(([, en]) => en)];
}
