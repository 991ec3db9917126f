import { describe, expect, it } from 'vitest';
import { gapsToKml } from './gaps-kml';

describe('gaps as KML', () => {
  it('writes one Placemark per gap with its area and an escaped document name', () => {
    const kml = gapsToKml('Dongfang <gaps> & more', [
      {
        rank: 1,
        areaM2: 62500.04,
        distanceFromPreviousM: 0,
        centroid: [108.7, 19.1],
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [108.7, 19.1],
              [108.71, 19.1],
              [108.71, 19.11],
              [108.7, 19.1],
            ],
          ],
        },
      },
    ]);
    expect(kml.match(/<Placemark>/g)).toHaveLength(1);
    expect(kml).toContain('<name>Dongfang &lt;gaps&gt; &amp; more</name>');
    expect(kml).toContain('<Data name="areaM2"><value>62500.0</value></Data>');
    expect(kml).toContain('<coordinates>108.7,19.1 108.71,19.1 108.71,19.11 108.7,19.1</coordinates>');
  });
});
