import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readPlanFile } from '../../src/plan-file/read.js';
import { importPlan } from '../../src/db/plan-import.js';
import { CheckinEngine } from '../../src/conversations/checkin-engine.js';
import { LocalChannel } from '../../src/chat/local/local-channel.js';
import type { OutgoingMessage } from '../../src/chat/port.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { buttonValue } from '../support/engine-chat.js';

const plan = path.resolve(import.meta.dirname, '..', 'fixtures', 'checkin-plan.yaml');
let t: TestDatabase;
let channel: LocalChannel;
let base: string;

beforeEach(async () => {
  t = await createTestDatabase();
  await importPlan(t.db, (await readPlanFile(plan)).plan, { actor: 'test', reason: 'test' });
  channel = new LocalChannel({ db: t.db, handler: new CheckinEngine(t.db, () => new Date('2022-08-02T07:30:00Z')), port: 0 });
  base = await channel.start();
});
afterEach(async () => {
  await channel.stop();
  await t.drop();
});

async function post(body: Record<string, unknown>): Promise<OutgoingMessage[]> {
  const res = await fetch(new URL('/api/event', base), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return (await res.json()) as OutgoingMessage[];
}

describe('local chat channel', () => {
  it('serves the page and the people of the plan', async () => {
    const page = await fetch(base);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('perfbot — chat locale');
    const people = (await (await fetch(new URL('/api/people', base))).json()) as Array<{ id: string; name: string }>;
    expect(people.map((p) => p.id)).toContain('borgo-chat/verdi-a');
  });

  it('runs the full check-in, with an invalid answer and a correction, against the same engine and database', async () => {
    const person = 'borgo-chat/verdi-a';
    const start = await post({ person, kind: 'command', command: 'rispondi', text: '' });
    expect(start.map((m) => m.text).join('\n')).toContain('Fase 1: Analisi dei processi');
    const invalid = await post({ person, kind: 'text', text: 'boh' });
    expect(invalid[0]?.text).toContain('Non riesco a leggere «boh» come numero');
    let last: OutgoingMessage[] = [];
    for (const text of ['100', '30', '42,5%', '250']) last = await post({ person, kind: 'text', text });
    const summary = await post({ person, kind: 'choice', text: buttonValue(last, 'ans:Sì')! });
    // Buttons carry the token of the summary they were made for.
    expect(summary[0]?.choices?.flat().map((c) => c.value.replace(/^[\w-]{8}\./, ''))).toEqual(['ctl:confirm', 'ctl:edit']);
    // Correct one answer from the summary before confirming.
    const edit = await post({ person, kind: 'choice', text: buttonValue(summary, 'ctl:edit')! });
    const fix = edit[0]!.choices!.flat().find((c) => c.label.includes('ind. b'))!;
    await post({ person, kind: 'choice', text: fix.value });
    const again = await post({ person, kind: 'text', text: '260' });
    expect(again[0]?.text).toContain('• RU-1 ind. b: 260');
    const saved = await post({ person, kind: 'choice', text: buttonValue(again, 'ctl:confirm')! });
    expect(saved[0]?.text).toContain('Salvato ✔ (5 risposte)');
    const rows = await t.db.measurement.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.raw, r.channel, r.byCode])).toEqual([
      ['42,5%', 'local', 'verdi-a'],
      ['260', 'local', 'verdi-a'],
      ['Sì', 'local', 'verdi-a'],
    ]);
  });

  it('rejects a malformed request without touching the engine', async () => {
    const res = await fetch(new URL('/api/event', base), { method: 'POST', body: '{not json' });
    expect(res.status).toBe(400);
    const missing = await fetch(new URL('/api/event', base), { method: 'POST', body: JSON.stringify({ kind: 'text' }) });
    expect(missing.status).toBe(400);
    expect(await t.db.conversation.count()).toBe(0);
  });

  it('delivers proactive messages through the outbox the page polls', async () => {
    await channel.send({ platform: 'local', chatId: 'borgo-chat/verdi-a' }, { text: 'Promemoria' });
    const first = await (await fetch(new URL('/api/outbox?person=borgo-chat/verdi-a', base))).json();
    expect(first).toEqual([{ text: 'Promemoria' }]);
    expect(await (await fetch(new URL('/api/outbox?person=borgo-chat/verdi-a', base))).json()).toEqual([]);
  });
});
