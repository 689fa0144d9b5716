import { describe, expect, it } from 'vitest';
import { parseChoice, promptToken, stampChoices } from '../../src/conversations/choice-value.js';
import { idleState, type CheckinState } from '../../src/conversations/checkin-state.js';
import { CALLBACK_DATA_MAX_BYTES } from '../../src/chat/telegram/callback-data.js';

const asking: CheckinState = {
  ...idleState('borgo-chat', 'pp-2022'),
  draft: 'AbC123xyz_-0',
  mode: 'asking',
  items: [
    { kind: 'phase', objective: 'RU-1', code: '1', asOf: '2022-07-31' },
    { kind: 'indicator', objective: 'RU-1', code: 'a', asOf: '2022-07-31' },
  ],
  current: 1,
  drafts: { 'phase:RU-1/1@2022-07-31': { kind: 'phase', pct: 100 } },
};

describe('button values bound to their prompt', () => {
  it('gives the same token to the same prompt whatever the order of the stored keys (PostgreSQL jsonb reorders them)', () => {
    const reordered = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(asking).reverse()))) as CheckinState;
    expect(promptToken(reordered)).toBe(promptToken(asking));
  });

  it('changes the token when the question, the draft or the pending answers change', () => {
    const token = promptToken(asking);
    expect(promptToken({ ...asking, current: 0 })).not.toBe(token);
    expect(promptToken({ ...asking, draft: 'another-draft' })).not.toBe(token);
    expect(promptToken({ ...asking, drafts: { 'phase:RU-1/1@2022-07-31': { kind: 'phase', pct: 90 } } })).not.toBe(token);
    expect(promptToken(idleState('borgo-chat', 'pp-2022'))).toBeNull();
  });

  it('stamps every button but "Rispondi", and reads the value back', () => {
    const [stamped] = stampChoices([{ text: 'q', choices: [[{ label: 'Salta', value: 'ctl:skip' }, { label: 'Rispondi ora', value: 'ctl:start' }]] }], 'Tok_en-1');
    expect(stamped!.choices![0]!.map((c) => c.value)).toEqual(['Tok_en-1.ctl:skip', 'ctl:start']);
    expect(parseChoice('Tok_en-1.ans:non rilevabile: a.b')).toEqual({ token: 'Tok_en-1', kind: 'ans', rest: 'non rilevabile: a.b' });
    expect(parseChoice('ctl:confirm')).toEqual({ token: null, kind: 'ctl', rest: 'confirm' });
  });

  it("keeps the longest stamped values within Telegram's 64-byte callback_data", () => {
    const longest = ['asm:status:immediate_actions', 'ans:non rilevabile', 'ans:a consuntivo', 'ctl:discard', 'edit:199'];
    for (const value of longest) expect(Buffer.byteLength(`${promptToken(asking)}.${value}`, 'utf8')).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
  });
});
