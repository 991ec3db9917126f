import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/app-error';
import { detectFlightLogFormat } from './detect-flight-log-format';
import { parseFlightLog } from './parse-flight-log';

const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/fixtures/survey/${name}`, import.meta.url));

describe('detectFlightLogFormat', () => {
  it('goes by content, not by the file name', () => {
    expect(detectFlightLogFormat(fixture('run.gpx'), 'flight.kml')).toBe('gpx');
    expect(detectFlightLogFormat(fixture('multitrack.kml'), 'flight.gpx')).toBe('kml');
    expect(detectFlightLogFormat(fixture('multitrack.kmz'), 'flight.txt')).toBe('kmz');
    expect(detectFlightLogFormat(Buffer.from('\uFEFF{"type":"FeatureCollection"}'), 'a.csv')).toBe('geojson');
    expect(
      detectFlightLogFormat(Buffer.from('time(millisecond),datetime(utc),latitude,longitude\n'), 'a.json'),
    ).toBe('csv');
    expect(detectFlightLogFormat(Buffer.from('"Lat";"Lon";"Alt"\n'), 'x')).toBe('csv');
  });

  it('finds the root element after a declaration, comments and a DOCTYPE', () => {
    const xml =
      '<?xml version="1.0"?>\n<!-- exported --><!DOCTYPE kml>\n<kml:kml xmlns:kml="http://www.opengis.net/kml/2.2"/>';
    expect(detectFlightLogFormat(Buffer.from(xml), 'x')).toBe('kml');
  });

  it('refuses XML that is neither GPX nor KML, naming its root', () => {
    expect(() => detectFlightLogFormat(Buffer.from('<TrainingCenterDatabase/>'), 'ride.tcx')).toThrow(
      'ride.tcx: XML whose root element is <TrainingCenterDatabase>, not <gpx> or <kml>: not a GPX or KML flight log',
    );
  });

  it('refuses empty files, binaries and text without coordinates', () => {
    expect(() => detectFlightLogFormat(Buffer.alloc(0), 'a.gpx')).toThrow('a.gpx: the file is empty');
    expect(() => detectFlightLogFormat(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), 'photo.gpx')).toThrow(
      ValidationError,
    );
    expect(() => detectFlightLogFormat(Buffer.from('hello, world\n'), 'notes.csv')).toThrow(
      /not a recognised flight log/,
    );
  });
});

describe('parseFlightLog', () => {
  it('detects and parses each format, naming the file in errors', async () => {
    await expect(parseFlightLog(fixture('multitrack.kmz'), 'upload.bin')).resolves.toMatchObject({
      format: 'kmz',
    });
    await expect(parseFlightLog(Buffer.from('lat,lon\n91,110\n'), 'bad.csv')).rejects.toThrow(
      /^bad\.csv: CSV flight log: 1 point/,
    );
  });
});
