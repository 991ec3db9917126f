import { describe, expect, it } from 'vitest';
import { parseSurveyProgressPayload, surveyProgressPayload } from './survey-progress-channel';

describe('survey progress payloads', () => {
  it('name a flight or an area and read back as the same subject', () => {
    expect(surveyProgressPayload({ flightId: 12 })).toBe('flight:12');
    expect(surveyProgressPayload({ areaId: 3 })).toBe('area:3');
    expect(parseSurveyProgressPayload('flight:12')).toEqual({ flightId: 12 });
    expect(parseSurveyProgressPayload('area:3')).toEqual({ areaId: 3 });
  });

  it('read anything else as nothing', () => {
    expect(parseSurveyProgressPayload('')).toBeNull();
    expect(parseSurveyProgressPayload('flight:')).toBeNull();
    expect(parseSurveyProgressPayload('site:4')).toBeNull();
    expect(parseSurveyProgressPayload('flight:1,2')).toBeNull();
  });
});
