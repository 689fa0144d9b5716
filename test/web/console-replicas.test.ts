/**
 * Two console replicas behind one load balancer: same database, same PERFBOT_CONSOLE_SECRET, no
 * shared memory. An upload previewed on one is confirmed on the other, and a Conferma sent to
 * both at once imports once.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { importPlan } from '../../src/db/plan-import.js';
import { loadPlanSnapshot } from '../../src/db/plan-repository.js';
import { readPlanFile } from '../../src/plan-file/read.js';
import { serializePlanFile, toPlanFile } from '../../src/plan-file/export.js';
import { createConsoleLink } from '../../src/web/console-link.js';
import { buildConsole } from '../../src/web/server.js';
import { countRows, createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { ConsoleClient } from './console-client.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const SECRET = 'a-secret-shared-by-both-replicas-0123456789';
let t: TestDatabase;
let replicas: FastifyInstance[];
const now = new Date('2022-07-20T08:00:00Z');

beforeEach(async () => {
  t = await createTestDatabase();
  await importPlan(t.db, (await readPlanFile(path.join(root, 'examples', 'segrate-pdo-2022.json'))).plan, { actor: 'test', reason: 'replica test' });
  replicas = [await buildConsole({ db: t.db, clock: () => now, secret: SECRET }), await buildConsole({ db: t.db, clock: () => now, secret: SECRET })];
});
afterEach(async () => {
  for (const replica of replicas) await replica.close();
  await t.drop();
});

/** The same browser (cookies) talking to replica `i`. */
function browserOn(i: number, cookies: Map<string, string>): ConsoleClient {
  const client = new ConsoleClient(replicas[i]!);
  for (const [name, value] of cookies) client.cookies.set(name, value);
  return client;
}

/** Signs in on replica 0 and previews an upload whose first objective has `title`; returns the cookies and the preview page. */
async function preview(title: string): Promise<{ cookies: Map<string, string>; page: string }> {
  const a = new ConsoleClient(replicas[0]!);
  const token = await createConsoleLink(t.db, 'segrate', 'admin-1', now);
  await a.get(`/accedi?t=${token}`);
  await a.post('/accedi', { t: token });
  await a.get('/piano');
  const plan = toPlanFile(await loadPlanSnapshot(t.db, 'segrate', 'pdo-2022')) as { objectives: Array<{ title: string }> };
  plan.objectives[0]!.title = title;
  const response = await a.upload('/piano/carica', 'piano', 'piano.json', Buffer.from(serializePlanFile(plan as never, 'json')));
  expect(response.statusCode).toBe(200);
  return { cookies: a.cookies, page: response.body };
}

const uploadId = (page: string) => /name="caricamento" value="([^"]+)"/.exec(page)![1]!;

describe('web console with two replicas', () => {
  it('confirms on the second replica an upload previewed on the first; a second Conferma on the first imports nothing', async () => {
    const { cookies, page } = await preview('Confermato su un’altra replica');
    const b = browserOn(1, cookies);
    b.lastPage = page;
    const confirmed = await b.post('/piano/conferma', { caricamento: uploadId(page) });
    expect(confirmed.statusCode).toBe(303);
    expect((await loadPlanSnapshot(t.db, 'segrate', 'pdo-2022')).objectives[0]!.title).toBe('Confermato su un’altra replica');
    const rows = await countRows(t.db);
    const a = browserOn(0, cookies);
    a.lastPage = page;
    expect((await a.post('/piano/conferma', { caricamento: uploadId(page) })).statusCode).toBe(410);
    expect(await countRows(t.db)).toEqual(rows);
  }, 60_000);

  it('imports once when the same Conferma reaches both replicas at the same time', async () => {
    const { cookies, page } = await preview('Doppio clic su due repliche');
    const clients = [browserOn(0, cookies), browserOn(1, cookies)];
    for (const client of clients) client.lastPage = page;
    const codes = (await Promise.all(clients.map((client) => client.post('/piano/conferma', { caricamento: uploadId(page) })))).map((r) => r.statusCode);
    expect(codes.sort()).toEqual([303, 410]);
    expect(await t.db.auditLog.count({ where: { actor: 'admin-1', entity: 'Objective', action: 'update' } })).toBe(1);
  }, 60_000);

  it('refuses a Conferma that was altered, or signed by a console with another secret, writing nothing', async () => {
    const { cookies, page } = await preview('Mai importato');
    const id = uploadId(page);
    const [body, signature] = id.split('.');
    const rows = await countRows(t.db);
    const b = browserOn(1, cookies);
    b.lastPage = page;
    const flipped = `${body!.slice(0, -2)}${body!.endsWith('A') ? 'B' : 'A'}${body!.slice(-1)}.${signature}`;
    expect((await b.post('/piano/conferma', { caricamento: flipped })).statusCode).toBe(410);
    const other = await buildConsole({ db: t.db, clock: () => now, secret: 'another-secret-of-at-least-32-characters!' });
    try {
      const token = await createConsoleLink(t.db, 'segrate', 'admin-1', now);
      const c = new ConsoleClient(other);
      await c.get(`/accedi?t=${token}`);
      await c.post('/accedi', { t: token });
      await c.get('/piano');
      expect((await c.post('/piano/conferma', { caricamento: id })).statusCode).toBe(410);
    } finally {
      await other.close();
    }
    expect(await countRows(t.db)).toEqual(rows);
    expect((await loadPlanSnapshot(t.db, 'segrate', 'pdo-2022')).objectives[0]!.title).not.toBe('Mai importato');
  }, 60_000);
});
