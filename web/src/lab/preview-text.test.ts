import { describe, expect, it } from 'vitest';
import { decodeLabCsv } from './preview-text';

describe('lab CSV preview decoding', () => {
  it('reads UTF-8, with or without a BOM', () => {
    const bytes = new TextEncoder().encode('\uFEFF轮次,浓度\n2026年第1轮,1.5\n');
    expect(decodeLabCsv(bytes)).toEqual({ text: '轮次,浓度\n2026年第1轮,1.5\n', encoding: 'utf-8' });
  });

  it('reads a GB18030 file as the server does, not as mojibake', () => {
    // "轮次,浓度" in GB18030 (GB 2312 code points: 轮 C2D6, 次 B4CE, 浓 C5A8, 度 B6C8).
    const bytes = new Uint8Array([0xc2, 0xd6, 0xb4, 0xce, 0x2c, 0xc5, 0xa8, 0xb6, 0xc8]);
    expect(decodeLabCsv(bytes)).toEqual({ text: '轮次,浓度', encoding: 'gb18030' });
  });

  it('keeps UTF-8 when only the last character was cut by the 2 MB slice', () => {
    const whole = new TextEncoder().encode('站点,轮次');
    expect(decodeLabCsv(whole.subarray(0, whole.length - 1)).encoding).toBe('utf-8');
  });
});
