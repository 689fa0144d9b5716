import { describe, expect, it } from 'vitest';
import { messagesOf, translator } from '../../src/i18n/messages.js';
import { formatDate, formatNumber, formatPct } from '../../src/i18n/format.js';

describe('prompts', () => {
  it('has every Italian message in English too, with the same placeholders', () => {
    const it = messagesOf('it');
    const en = messagesOf('en');
    expect([...en.keys()].sort()).toEqual([...it.keys()].sort());
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+(?:\|\w+)?)\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of it) expect(placeholders(en.get(key)!), key).toEqual(placeholders(text));
  });
  it('fills placeholders and falls back to the key for a missing message', () => {
    const t = translator('it');
    expect(t('checkin.saved', { count: 3 })).toBe('Salvato ✔ (3 risposte). Grazie!');
    expect(t('no.such.key')).toBe('no.such.key');
  });
  it('writes numbers and dates the Italian way in Italian', () => {
    expect(formatNumber(2700.5, 'it')).toBe('2.700,5');
    expect(formatNumber(2700.5, 'en')).toBe('2,700.5');
    expect(formatPct(42.5, 'it')).toBe('42,5%');
    expect(formatPct(null, 'it')).toBe('—');
    expect(formatDate('2022-07-31', 'it')).toBe('31/07/2022');
    expect(formatDate('2022-07-31', 'en')).toBe('31 Jul 2022');
  });
});
