import { createExpression } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import { labelLanguageState, labelName, labelNameOf } from './basemap-layers';

/** What the label expression shows for a feature's properties with the map's language state. */
function shown(properties: Record<string, string>, language: string | undefined): unknown {
  const parsed = createExpression(labelName, 'text-field', null, { [labelLanguageState]: language });
  if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value));
  return parsed.value.evaluate({ zoom: 8 }, { type: 'Point', properties } as never);
}

describe('basemap label names', () => {
  const haikou = { name: '海口市', name_en: 'Haikou' };
  const unnamed = { name: '某地' };

  it('shows the English name in the English interface, the Chinese one otherwise', () => {
    expect(shown(haikou, 'en')).toBe('Haikou');
    expect(shown(haikou, 'zh-CN')).toBe('海口市');
    // Before the map is told its language: Chinese.
    expect(shown(haikou, undefined)).toBe('海口市');
    expect(shown({ name: 'Haikou', 'name:zh': '海口', 'name:en': 'Haikou City' }, 'en')).toBe('Haikou City');
  });

  it('falls back to the Chinese name where a place has no English one', () => {
    expect(shown(unnamed, 'en')).toBe('某地');
    expect(labelNameOf(unnamed, 'en')).toBe('某地');
  });

  it('reads the same name in the page as the style shows (for the labels giving way)', () => {
    expect(labelNameOf(haikou, 'en')).toBe('Haikou');
    expect(labelNameOf(haikou, 'zh-CN')).toBe('海口市');
    expect(labelNameOf(haikou)).toBe('海口市');
  });
});
