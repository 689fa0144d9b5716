/**
 * What reporters answer (domain.md §3.3): every literal achieved value of the seeds, the status
 * words people write instead of numbers, and the invalid answers the bot must refuse with an example.
 */
import { describe, expect, it } from 'vitest';
import { parseAnswer, parsePercentAnswer, type AnswerContext, type AnswerResult } from '../../src/domain/answers.js';

const answers: Array<[string, Partial<AnswerContext>, AnswerResult]> = [
  ["98,88%", {}, {"ok":true,"value":{"kind":"number","value":98.88},"status":"measured"}],
  ["100% consigli / 20 nuovi progetti", {}, {"ok":true,"value":{"kind":"composite","parts":[{"label":"consigli","value":{"kind":"number","value":100}},{"label":"nuovi progetti","value":{"kind":"number","value":20}}]},"status":"measured"}],
  ["Circa 2.500 alunni, 370 docenti, 110 genitori", {}, {"ok":true,"value":{"kind":"composite","parts":[{"label":"alunni","value":{"kind":"number","value":2500,"approx":true}},{"label":"docenti","value":{"kind":"number","value":370}},{"label":"genitori","value":{"kind":"number","value":110}}]},"status":"measured"}],
  ["8,8", {}, {"ok":true,"value":{"kind":"number","value":8.8},"status":"measured"}],
  ["2,0 kmq", {}, {"ok":true,"value":{"kind":"number","value":2},"status":"measured"}],
  ["5 enti su 5", {}, {"ok":true,"value":{"kind":"fraction","numerator":5,"denominator":5},"status":"measured"}],
  ["4.314.938,00", {}, {"ok":true,"value":{"kind":"number","value":4314938},"status":"measured"}],
  [">100", {}, {"ok":true,"value":{"kind":"number","value":100,"bound":"gt"},"status":"measured"}],
  ["<10", {}, {"ok":true,"value":{"kind":"number","value":10,"bound":"lt"},"status":"measured"}],
  ["121+245", {}, {"ok":true,"value":{"kind":"composite","parts":[{"value":{"kind":"number","value":121}},{"value":{"kind":"number","value":245}}]},"status":"measured"}],
  ["SI", {"unit":"bool"}, {"ok":true,"value":{"kind":"boolean","value":true},"status":"measured"}],
  ["No (rinviato a 2021)", {"unit":"bool"}, {"ok":true,"value":{"kind":"boolean","value":false},"status":"postponed","reason":"rinviato a 2021"}],
  ["In corso", {}, {"ok":true,"value":null,"status":"in_progress"}],
  ["50%", {}, {"ok":true,"value":{"kind":"number","value":50},"status":"measured"}],
  ["NP", {}, {"ok":true,"value":null,"status":"not_reported"}],
  ["--", {}, {"ok":true,"value":null,"status":"not_reported"}],
  ["Attività sospesa causa Covid", {}, {"ok":true,"value":null,"status":"suspended","reason":"causa Covid"}],
  ["Non rilevabile", {}, {"ok":true,"value":null,"status":"not_measurable"}],
  ["Dato rilevabile a consuntivo", {}, {"ok":true,"value":null,"status":"year_end_only"}],
  ["Rilevato a consuntivo", {}, {"ok":true,"value":null,"status":"year_end_only"}],
  ["non consuntivato", {}, {"ok":true,"value":null,"status":"not_reported"}],
  ["==", {}, {"ok":true,"value":null,"status":"not_applicable"}],
  ["Aperta Consultazione Preliminare del PUG (20%)", {}, {"ok":true,"value":{"kind":"text","text":"Aperta Consultazione Preliminare del PUG (20%)","progressPct":20},"status":"measured"}],
  ["84,00", {"unit":"count"}, {"ok":true,"value":{"kind":"number","value":84},"status":"measured"}],
  ["Come da Piano e sue modificazioni e integrazioni", {}, {"ok":true,"value":{"kind":"text","text":"Come da Piano e sue modificazioni e integrazioni"},"status":"measured"}],
  ["Nominati Responsabile e Garante.", {}, {"ok":true,"value":{"kind":"text","text":"Nominati Responsabile e Garante."},"status":"measured"}],
  ["sì", {"unit":"bool"}, {"ok":true,"value":{"kind":"boolean","value":true},"status":"measured"}],
  ["boh", {"unit":"percent"}, {"ok":false,"error":{"code":"not_a_number","expected":"percent","example":"42,5%"}}],
  ["molti", {"unit":"count"}, {"ok":false,"error":{"code":"not_a_number","expected":"number","example":"42,5"}}],
  ["15/07/2021", {"unit":"date"}, {"ok":true,"value":{"kind":"date","date":"2021-07-15"},"status":"measured"}],
  ["15 luglio 2021", {"unit":"date"}, {"ok":true,"value":{"kind":"date","date":"2021-07-15"},"status":"measured"}],
  ["31/02/2021", {"unit":"date"}, {"ok":false,"error":{"code":"not_a_date","expected":"date","example":"15/07/2022"}}],
  ["-5%", {"unit":"percent"}, {"ok":false,"error":{"code":"negative","expected":"percent","example":"42,5%"}}],
  ["non rilevabile: manca il dato", {"unit":"percent"}, {"ok":true,"value":null,"status":"not_measurable","reason":"manca il dato"}],
  ["42,5", {"unit":"percent"}, {"ok":true,"value":{"kind":"number","value":42.5},"status":"measured"}],
  ["2.700", {"unit":"count"}, {"ok":true,"value":{"kind":"number","value":2700},"status":"measured"}],
  ["€ 1.500,00", {"unit":"eur"}, {"ok":true,"value":{"kind":"number","value":1500},"status":"measured"}],
  ["", {"unit":"count"}, {"ok":false,"error":{"code":"empty","expected":"number","example":"42,5"}}],

];

describe('parseAnswer: literal values and statuses of domain.md §3.3', () => {
  it.each(answers)('reads %j (%j)', (raw, ctx, expected) => {
    expect(parseAnswer(raw, { planYear: 2021, ...ctx })).toEqual(expected);
  });
});

describe('parsePercentAnswer (phase progress)', () => {
  it.each([
    ['60', 60],
    ['60%', 60],
    ['42,5 %', 42.5],
    ['100', 100],
    ['0', 0],
  ])('reads %j as %d', (raw, pct) => {
    expect(parsePercentAnswer(raw)).toEqual({ ok: true, pct });
  });
  it.each(['120', 'quasi', '-3', '', '50 e poi'])('refuses %j with an example', (raw) => {
    const result = parsePercentAnswer(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.example).toBe('60');
  });
});

describe('issue 10 item 3: only finite numbers in Italian or unambiguous form are read', () => {
  const count = { planYear: 2022, unit: 'count' as const };

  it.each([
    ['1,234.5', 'mixed_separators'],
    ['99,9.5', 'mixed_separators'],
    ['1,234,567', 'mixed_separators'],
    ['9'.repeat(400), 'too_large'],
  ] as const)('refuses %j as %s, with an example, instead of storing NaN or ∞', (raw, code) => {
    expect(parseAnswer(raw, count)).toEqual({ ok: false, error: { code, expected: 'number', example: '42,5' } });
    expect(parsePercentAnswer(raw).ok).toBe(false);
  });

  it('reads "-0" as 0, not -0', () => {
    const result = parseAnswer('-0', { planYear: 2022, unit: 'eur' });
    expect(result.ok && result.value?.kind === 'number' && Object.is(result.value.value, 0)).toBe(true);
    const phase = parsePercentAnswer('-0');
    expect(phase.ok && Object.is(phase.pct, 0)).toBe(true);
  });

  it.each([
    ['４２，５', 42.5],
    ['１.２３４', 1234],
    ['٤٢٫٥', 42.5],
    ['۱۲۰', 120],
  ])('reads full-width and Arabic-Indic digits %j as %d', (raw, value) => {
    expect(parseAnswer(raw, count)).toEqual({ ok: true, value: { kind: 'number', value }, status: 'measured' });
  });

  it('reads full-width digits for a phase too', () => {
    expect(parsePercentAnswer('６０％')).toEqual({ ok: true, pct: 60 });
  });

  it.each(['-5', '-5%', '101', '1000000'])('answers phase progress %j with "out of range" (0–100), not "cannot read"', (raw) => {
    expect(parsePercentAnswer(raw)).toEqual({ ok: false, error: { code: 'out_of_range', expected: 'percent', example: '60' } });
  });

  it.each([
    ['-3', { unit: 'count' }, 'negative', 'number'],
    ['-2 giorni', { unit: 'days' }, 'negative', 'number'],
    ['40000', { unit: 'days' }, 'too_large', 'number'],
    ['5000%', { unit: 'percent' }, 'too_large', 'percent'],
    ['2.000.000.000.000', { unit: 'count' }, 'too_large', 'number'],
  ] as const)('enforces the range of the unit: %j for %j is %s', (raw, ctx, code, expected) => {
    const result = parseAnswer(raw, { planYear: 2022, ...ctx });
    expect(result).toEqual({ ok: false, error: { code, expected, example: expected === 'percent' ? '42,5%' : '42,5' } });
  });

  it('keeps negative amounts in euro (a deficit) and percentages above 100', () => {
    expect(parseAnswer('-1.500,00', { planYear: 2022, unit: 'eur' })).toEqual({ ok: true, value: { kind: 'number', value: -1500 }, status: 'measured' });
    expect(parseAnswer('120%', { planYear: 2022, unit: 'percent' })).toEqual({ ok: true, value: { kind: 'number', value: 120 }, status: 'measured' });
  });

  it('refuses a fraction over 0', () => {
    expect(parseAnswer('4 su 0', { planYear: 2022 })).toMatchObject({ ok: false, error: { code: 'zero_denominator' } });
  });

  it('has a message in Italian and English for every refusal', async () => {
    const { messagesOf } = await import('../../src/i18n/messages.js');
    for (const code of ['not_a_number', 'out_of_range', 'negative', 'too_large', 'mixed_separators', 'zero_denominator', 'not_yes_no', 'not_a_date', 'empty']) {
      expect(messagesOf('it').get(`checkin.invalid.${code}`), code).toMatch(/\{(answer|example)(\|echo)?\}/);
      expect(messagesOf('en').get(`checkin.invalid.${code}`), code).toMatch(/\{(answer|example)(\|echo)?\}/);
    }
  });
});
