import { describe, expect, it } from 'vitest';
import { alertDetailText } from './alert-text';

describe('alertDetailText', () => {
  it('prefers the Chinese text for a Chinese reader and the English one otherwise', () => {
    const detail = { message: 'First detection of ETO-ACID', messageZh: '首次检出依托咪酯代谢物' };
    expect(alertDetailText(detail, 'zh-CN')).toBe('首次检出依托咪酯代谢物');
    expect(alertDetailText(detail, 'en')).toBe('First detection of ETO-ACID');
  });

  it('lists plain fields, rounded to four significant digits, when there is no text', () => {
    expect(alertDetailText({ valueNgL: 9, ratio: 0.912345, nested: { a: 1 } }, 'en')).toBe(
      'valueNgL: 9 · ratio: 0.9123',
    );
  });

  it('is empty without a detail', () => {
    expect(alertDetailText(null, 'en')).toBe('');
  });
});
