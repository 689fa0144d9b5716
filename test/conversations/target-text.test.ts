import { describe, expect, it } from 'vitest';
import { describeTarget, type MessageContext } from '../../src/conversations/checkin-messages.js';
import { parseTarget } from '../../src/domain/targets.js';
import { translator, type Locale } from '../../src/i18n/messages.js';
import type { PlanSnapshot } from '../../src/domain/plan-state.js';

const ctx = (locale: Locale): MessageContext => ({ snapshot: {} as PlanSnapshot, t: translator(locale), locale });
const shown = (raw: string, locale: Locale = 'it') => describeTarget(raw, parseTarget(raw, { planYear: 2022 }).spec, ctx(locale));

describe('a target in a check-in question (issue 14)', () => {
  it('writes its number the Italian way, with the euro sign after a space', () => {
    expect(shown('5700€')).toBe('5.700 €');
    expect(shown('€ 357.000')).toBe('357.000 €');
    expect(shown('Max 800 €')).toBe('Max 800 €');
    expect(shown('5700€', 'en')).toBe('€5,700');
  });

  it('leaves targets as written when they have no single figure to format', () => {
    expect(shown('≥ 95%')).toBe('≥ 95%');
    expect(shown('almeno 200')).toBe('almeno 200');
    expect(shown('SI')).toBe('SI');
    expect(shown('entro il 31/12/2022')).toBe('entro il 31/12/2022');
  });
});
