import { describe, expect, it } from 'vitest';
import { alertDetailText } from './alert-text';

describe('alertDetailText', () => {
  it('prefers the Chinese text for a Chinese reader and the English one otherwise', () => {
    const detail = { message: 'First detection of ETO-ACID', messageZh: '首次检出依托咪酯代谢物' };
    expect(alertDetailText('first_detection', detail, 'zh-CN')).toBe('首次检出依托咪酯代谢物');
    expect(alertDetailText('first_detection', detail, 'en')).toBe('First detection of ETO-ACID');
  });

  it('describes a first detection with its concentration, LOQ and the rounds before', () => {
    const detail = { valueNgL: 12.3456, loqNgL: 5, earlierRoundsNotDetected: 5 };
    expect(alertDetailText('first_detection', detail, 'zh-CN')).toBe(
      '检出浓度 12.3 ng/L（定量限 5 ng/L）；此前 5 轮均未检出',
    );
    expect(alertDetailText('first_detection', detail, 'en')).toBe(
      'measured 12.3 ng/L (LOQ 5 ng/L); not detected in the 5 earlier rounds',
    );
  });

  it('describes a rising trend in the unit of its basis', () => {
    const detail = {
      basis: 'normalised_load',
      n: 6,
      s: 15,
      pValue: 0.002778,
      method: 'exact',
      senSlopePerRound: 4.21,
      percentChange: 152.3,
    };
    expect(alertDetailText('trend_rising', detail, 'zh-CN')).toBe(
      'Sen 斜率 每轮 +4.2 mg/d/1000人；期间变化 +152.3%；Mann-Kendall p = 0.002778（6 轮）',
    );
    expect(alertDetailText('trend_rising', { ...detail, basis: 'concentration' }, 'en')).toBe(
      "Sen's slope +4.2 ng/L per round; +152.3% over the window; Mann-Kendall p = 0.002778 (6 rounds)",
    );
  });

  it('describes a spike against its baseline, and says when rounds were merged', () => {
    const detail = {
      basis: 'normalised_load',
      method: 'ears',
      z: 5.123,
      threshold: 3,
      value: 180,
      baselineMean: 60,
      baselineSd: 10,
      baselineRounds: 5,
      ratioToBaseline: 3,
      roundIds: [5, 6],
    };
    expect(alertDetailText('spike', detail, 'en')).toBe(
      'this round 180 mg/day/1000 people; baseline mean 60 ± 10 mg/day/1000 people (5 rounds); ' +
        '3× the baseline; EARS statistic 5.123 (threshold 3); signals of 2 rounds merged',
    );
    expect(alertDetailText('spike', detail, 'zh-CN')).toContain('为基线的 3 倍');
  });

  it('describes hot spots, ratios, cocaine without its metabolite and implausible loads', () => {
    expect(
      alertDetailText(
        'hotspot',
        { bin: 3, confidencePct: 99, giZ: 2.9812, ownZ: 1.5, emerging: 'new_hot_spot' },
        'zh-CN',
      ),
    ).toBe('Gi* 热点（置信度 99%）；Gi* z = 2.981；本点 z = 1.5；时空模式：新增热点');
    expect(
      alertDetailText(
        'amp_meth_ratio',
        { ratio: 0.75, ampNgL: 30, methNgL: 40, usualRange: [0.02, 0.5], direction: 'above' },
        'en',
      ),
    ).toBe('AMP/METH ratio 0.75, above the usual 0.02–0.5; AMP 30 ng/L; METH 40 ng/L');
    expect(
      alertDetailText(
        'cocaine_without_be',
        { cocNgL: 25, beQualifier: 'ND', beNgL: null, cocToBeRatio: null },
        'zh-CN',
      ),
    ).toBe('可卡因 25 ng/L；苯甲酰爱康宁 未检出');
    expect(
      alertDetailText(
        'implausible_load',
        {
          basis: 'normalised_load',
          ceilingMgPerDayPer1000: 5000,
          normalisedLoadMgPerDayPer1000: 12500,
          consumptionMgPerDayPer1000: null,
          flowM3PerDay: 20000,
          population: 1000,
        },
        'zh-CN',
      ),
    ).toBe(
      '归一化负荷 12,500 mg/d/1000人，超过可信上限 5,000 mg/d/1000人；日流量 20,000 m³/d；服务人口 1,000 人',
    );
  });

  it('lists the plain fields of a kind it does not know, with readable names', () => {
    expect(alertDetailText('new_kind', { valueNgL: 9, ratio: 0.912345, nested: { a: 1 } }, 'en')).toBe(
      'concentration: 9; ratio: 0.9123',
    );
  });

  it('is empty without a detail', () => {
    expect(alertDetailText('spike', null, 'en')).toBe('');
  });
});
