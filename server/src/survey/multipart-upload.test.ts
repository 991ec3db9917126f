import { describe, expect, it } from 'vitest';
import { displayFileName } from './multipart-upload';

describe('display names of uploaded files', () => {
  it('keeps only the last path segment of a name that climbs directories', () => {
    expect(displayFileName('../../etc/passwd')).toBe('passwd');
    expect(displayFileName('..\\..\\DJI_0001.JPG')).toBe('DJI_0001.JPG');
  });

  it('removes control characters and names an empty name', () => {
    expect(displayFileName('DJI\u0000_0002.JPG\n')).toBe('DJI_0002.JPG');
    expect(displayFileName('../')).toBe('unnamed.jpg');
  });
});
