import { describe, expect, it } from 'vitest';
import { plainTranslator, translator } from '../../src/i18n/messages.js';
import { ECHO_MAX_CHARS, literal, markup, restoreLiterals, truncateEcho } from '../../src/i18n/markup.js';
import { toTelegramHtml } from '../../src/chat/telegram/html.js';
import { escapeMrkdwn } from '../../src/chat/slack/mrkdwn.js';

describe('light markup: interpolated values never format', () => {
  const t = translator('it');

  it('carries * _ ~ ` of a value as literal characters, which every renderer shows as typed', () => {
    const text = t('checkin.invalid.not_a_number', { answer: '*x* _y_ ~z~ `w`', example: '42,5' });
    expect(text).not.toMatch(/[*_~`]/);
    expect(restoreLiterals(text)).toBe('Non riesco a leggere «*x* _y_ ~z~ `w`» come numero. Scrivi solo il valore, es. 42,5.');
    expect(toTelegramHtml(text)).toBe('Non riesco a leggere «*x* _y_ ~z~ `w`» come numero. Scrivi solo il valore, es. 42,5.');
    expect(escapeMrkdwn(text)).toBe('Non riesco a leggere «\u2217x\u2217 \u02cdy\u02cd \u223cz\u223c \u02cbw\u02cb» come numero. Scrivi solo il valore, es. 42,5.');
  });

  it("keeps the prompt's own bold, also around a value with asterisks", () => {
    const text = t('checkin.objective', { code: 'RU-1', title: 'Piano *straordinario*' });
    expect(toTelegramHtml(text)).toBe('<b>RU-1 — Piano *straordinario*</b>');
    expect(escapeMrkdwn(text)).toBe('*RU-1 — Piano \u2217straordinario\u2217*');
  });

  it('puts markup(…) in as it is, and a translated text into another prompt unchanged (marking is idempotent)', () => {
    expect(t('admin.current', { settings: markup('*ora* 09:30') })).toContain('*ora* 09:30');
    const inner = t('checkin.invalid.not_a_number', { answer: '*x*', example: '1' });
    expect(literal(inner)).toBe(inner);
    expect(restoreLiterals(t('admin.invalid', { error: inner }))).toContain('«*x*»');
  });

  it('cuts an echo of what a person typed to 200 characters and "…", counting characters, not UTF-16 units', () => {
    expect(ECHO_MAX_CHARS).toBe(200);
    const answer = '😀'.repeat(1000);
    const text = t('checkin.invalid.not_a_number', { answer, example: '1' });
    expect(text).toContain(`«${'😀'.repeat(200)}…»`);
    expect(truncateEcho('breve')).toBe('breve');
    // other values are not cut: a digest's list may be long
    expect(t('digest.pending', { list: 'x'.repeat(500) })).toContain('x'.repeat(500));
  });

  it('fills the same prompts as plain text for a terminal or a file: values as they are, echoes still cut', () => {
    const plain = plainTranslator('it');
    expect(plain('start.imported', { plan: 'Piano_2022', ofEnte: 'del Comune *test*', database: 'data/perf_bot.db' })).toBe('Piano «Piano_2022» del Comune *test* caricato nel database data/perf_bot.db.');
    expect(plain('checkin.invalid.not_a_number', { answer: 'y'.repeat(300), example: '1' })).toContain(`«${'y'.repeat(200)}…»`);
  });
});
