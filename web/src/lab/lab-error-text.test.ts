import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zh-CN';
import { labErrorText } from './lab-error-text';

const i18n = i18next.createInstance();

beforeAll(async () => {
  await i18n.init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng: 'zh-CN',
    interpolation: { escapeValue: false },
  });
});

describe('lab problems in the interface language', () => {
  it('words a duplicate row in Chinese even when the server quoted it in English', async () => {
    await i18n.changeLanguage('zh-CN');
    const duplicate = {
      code: 'duplicate_in_file',
      message:
        'Duplicate row in the file (same site, round, sample, analyte and replicate): "same as row 19"',
      messageZh: '文件中重复的行（采样点、轮次、样品编号、检测项目、平行样相同）：「same as row 19」',
    };
    expect(labErrorText(i18n, duplicate)).toBe('与文件中另一行重复：与第 19 行相同');
    await i18n.changeLanguage('en');
    expect(labErrorText(i18n, duplicate)).toBe('Same as another row of the file: "same as row 19"');
  });

  it('quotes the cell, and falls back to the server’s text for a code it does not know', async () => {
    await i18n.changeLanguage('zh-CN');
    expect(
      labErrorText(i18n, {
        code: 'unknown_round',
        message: 'Unknown round: "R9"',
        messageZh: '轮次不存在：「R9」',
      }),
    ).toBe('轮次不存在：R9');
    expect(labErrorText(i18n, { code: 'brand_new', message: 'New', messageZh: '新问题' })).toBe('新问题');
  });
});
