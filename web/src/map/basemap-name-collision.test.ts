import { describe, expect, it } from 'vitest';
import { namesUnderLabels } from './basemap-name-collision';

describe('namesUnderLabels', () => {
  // An area label two lines high, centred on (300, 200): "东方市禁种铲毒航测区" over "<0.1%".
  const areaLabel = { left: 220, top: 180, right: 380, bottom: 220 };

  it('hides a basemap name drawn under an area label, even one whose point is just outside it', () => {
    expect(
      namesUnderLabels(
        [
          { name: '东方市', x: 300, y: 205 },
          // Its point 10 px left of the label, its text (3 × 15 px) reaching into it.
          { name: '八所镇', x: 210, y: 200 },
        ],
        [areaLabel],
      ),
    ).toEqual(['东方市', '八所镇']);
  });

  it('keeps the names clear of every label, and all of them when no label is shown', () => {
    const names = [
      { name: '昌江黎族自治县', x: 300, y: 120 },
      { name: '乐东黎族自治县', x: 300, y: 300 },
      { name: '白沙黎族自治县', x: 520, y: 200 },
    ];
    expect(namesUnderLabels(names, [areaLabel])).toEqual([]);
    expect(namesUnderLabels([{ name: '东方市', x: 300, y: 205 }], [])).toEqual([]);
  });

  it('names each hidden place once, whatever number of tiles it came from', () => {
    const twice = [
      { name: '东方市', x: 300, y: 205 },
      { name: '东方市', x: 300, y: 205 },
    ];
    expect(namesUnderLabels(twice, [areaLabel])).toEqual(['东方市']);
  });
});
