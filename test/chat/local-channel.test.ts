import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readPlanFile } from '../../src/plan-file/read.js';
import { importPlan } from '../../src/db/plan-import.js';
import { CheckinEngine } from '../../src/conversations/checkin-engine.js';
import { LocalChannel } from '../../src/chat/local/local-channel.js';
import type { OutgoingMessage } from '../../src/chat/port.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { localPageClient, requestWithHost, type LocalPageClient } from '../support/local-page-client.js';
import { sendOversized } from '../support/oversized-request.js';
import { buttonValue } from '../support/engine-chat.js';

const plan = path.resolve(import.meta.dirname, '..', 'fixtures', 'checkin-plan.yaml');
let t: TestDatabase;
let channel: LocalChannel;
let base: string;
let client: LocalPageClient;

beforeEach(async () => {
  t = await createTestDatabase();
  await importPlan(t.db, (await readPlanFile(plan)).plan, { actor: 'test', reason: 'test' });
  channel = new LocalChannel({ db: t.db, handler: new CheckinEngine(t.db, () => new Date('2022-08-02T07:30:00Z')), port: 0 });
  base = await channel.start();
  client = await localPageClient(base);
});
afterEach(async () => {
  await channel.stop();
  await t.drop();
});

async function post(body: Record<string, unknown>): Promise<OutgoingMessage[]> {
  const res = await client.post('/api/event', body);
  expect(res.status).toBe(200);
  return (await res.json()) as OutgoingMessage[];
}

describe('local chat channel', () => {
  it('serves the page and the people of the plan', async () => {
    const page = await fetch(base);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('perfbot — chat locale');
    const people = (await (await client.get('/api/people')).json()) as Array<{ id: string; name: string }>;
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
    const headers = { 'x-perfbot-token': client.token, 'content-type': 'application/json' };
    const res = await fetch(new URL('/api/event', base), { method: 'POST', headers, body: '{not json' });
    expect(res.status).toBe(400);
    const missing = await fetch(new URL('/api/event', base), { method: 'POST', headers, body: JSON.stringify({ kind: 'text' }) });
    expect(missing.status).toBe(400);
    const notAnObject = await fetch(new URL('/api/event', base), { method: 'POST', headers, body: 'null' });
    expect(notAnObject.status).toBe(400);
    expect(await t.db.conversation.count()).toBe(0);
  });

  it('delivers proactive messages through the outbox the page polls', async () => {
    await channel.send({ platform: 'local', chatId: 'borgo-chat/verdi-a' }, { text: 'Promemoria' });
    const first = await (await client.get('/api/outbox?person=borgo-chat/verdi-a')).json();
    expect(first).toEqual([{ text: 'Promemoria' }]);
    expect(await (await client.get('/api/outbox?person=borgo-chat/verdi-a')).json()).toEqual([]);
  });
});

describe('local chat channel: only its own page on this machine', () => {
  const admin = 'borgo-chat/admin-1';
  const settingsNow = async () => (await t.db.ente.findUniqueOrThrow({ where: { code: 'borgo-chat' } })).settings;

  it('listens on 127.0.0.1 only', () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('refuses a cross-origin text/plain POST acting as the admin ("admin ora 23:59"), and nothing changes', async () => {
    const before = { settings: await settingsNow(), audit: await t.db.auditLog.count() };
    const evil = { person: admin, kind: 'command', command: 'admin', text: 'ora 23:59' };
    // what a page on another site can send without a preflight: a simple text/plain POST, without the token
    const simple = await fetch(new URL('/api/event', base), { method: 'POST', headers: { 'content-type': 'text/plain', origin: 'http://evil.example' }, body: JSON.stringify(evil) });
    expect(simple.status).toBe(403);
    // even with a stolen token a foreign origin is refused, and without it the same origin is refused too
    const stolen = await fetch(new URL('/api/event', base), { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://evil.example', 'x-perfbot-token': client.token }, body: JSON.stringify(evil) });
    expect(stolen.status).toBe(403);
    const crossSite = await fetch(new URL('/api/event', base), { method: 'POST', headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site', 'x-perfbot-token': client.token }, body: JSON.stringify(evil) });
    expect(crossSite.status).toBe(403);
    const tokenless = await fetch(new URL('/api/event', base), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(evil) });
    expect(tokenless.status).toBe(401);
    const wrongToken = await fetch(new URL('/api/event', base), { method: 'POST', headers: { 'content-type': 'application/json', 'x-perfbot-token': `${client.token.slice(1)}x` }, body: JSON.stringify(evil) });
    expect(wrongToken.status).toBe(401);
    expect(await settingsNow()).toEqual(before.settings);
    expect(await t.db.auditLog.count()).toBe(before.audit);
    expect(await t.db.conversation.count()).toBe(0);

    // the page itself, with its token, still administers
    const replies = await post(evil);
    expect(replies[0]?.text).toContain('23:59');
    expect(await settingsNow()).not.toEqual(before.settings);
  });

  it('refuses a foreign Host (DNS rebinding): neither the page, its token nor the API', async () => {
    const port = new URL(base).port;
    const page = await requestWithHost(base, '/', `evil.example:${port}`);
    expect(page.status).toBe(403);
    expect(page.body).not.toContain(client.token);
    const people = await requestWithHost(base, '/api/people', `evil.example:${port}`, { headers: { 'x-perfbot-token': client.token } });
    expect(people.status).toBe(403);
    const otherPort = await requestWithHost(base, '/', `127.0.0.1:${Number(port) + 1}`);
    expect(otherPort.status).toBe(403);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) expect((await requestWithHost(base, '/', host)).status).toBe(200);
  });

  it('refuses the API without the token, and JSON only for events', async () => {
    expect((await fetch(new URL('/api/people', base))).status).toBe(401);
    expect((await fetch(new URL('/api/outbox?person=borgo-chat/verdi-a', base))).status).toBe(401);
    const form = await fetch(new URL('/api/event', base), { method: 'POST', headers: { 'x-perfbot-token': client.token, 'content-type': 'application/x-www-form-urlencoded' }, body: 'person=x&text=y' });
    expect(form.status).toBe(415);
  });

  it('answers 413 to a body over 16 KB, without reading the rest', async () => {
    const big = await fetch(new URL('/api/event', base), { method: 'POST', headers: { 'x-perfbot-token': client.token, 'content-type': 'application/json' }, body: JSON.stringify({ person: admin, kind: 'text', text: 'x'.repeat(17 * 1024) }) });
    expect(big.status).toBe(413);
    const streamed = await sendOversized({ url: new URL('/api/event', base).href, headers: { 'x-perfbot-token': client.token, 'content-type': 'application/json' }, send: 64 * 1024 });
    expect(streamed.status).toBe(413);
    const declared = await sendOversized({ url: new URL('/api/event', base).href, headers: { 'x-perfbot-token': client.token, 'content-type': 'application/json' }, declaredLength: 5 * 1024 * 1024, send: 1024 });
    expect(declared.status).toBe(413);
    expect(await t.db.conversation.count()).toBe(0);
  });
});
