/**
 * Issue 10: the database unreachable for ~10 s during a turn. On PostgreSQL the bot's connections go
 * through a proxy that cuts them and refuses new ones (a stopped server, as the bot sees it); on
 * SQLite another process's exclusive lock keeps the database from being written for as long (what an
 * unreachable database is for SQLite). Either way the person is told to try again, and once the
 * database is back nothing confirmed is lost and nothing is stored twice.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, providerOf, type Db } from '../../src/db/open-db.js';
import { CheckinEngine } from '../../src/conversations/checkin-engine.js';
import { readPlanFile } from '../../src/plan-file/read.js';
import { importPlan } from '../../src/db/plan-import.js';
import { FakeSlackApi } from '../support/fake-slack-api.js';
import { SlackPerson, type BotMessage } from '../support/chat-people.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { waitFor } from '../support/wait-for.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { resetAnswers, storedAnswers } from '../support/answer-rounds.js';
import { faultTally } from './fault-log.js';

const plan = path.resolve(import.meta.dirname, '..', 'fixtures', 'checkin-plan.yaml');
const AUG_2 = () => new Date('2022-08-02T07:30:00Z');
const EXPECTED = ['phase 1: 100', 'phase 2: 30', 'ind a: 42,5% measured', 'ind b: 2.700 measured', 'ind c: sì measured'];
const OUTAGE_MS = 10_000;

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await importPlan(t.db, (await readPlanFile(plan)).plan, { actor: 'test', reason: 'test' });
});
afterAll(async () => {
  await t.drop();
});

const stored = () => storedAnswers(t.db);

const reset = () => resetAnswers(t.db);

/** The outage: its start, its end, and the client the bot uses. */
interface Outage {
  botDb: Db;
  begin(): Promise<void>;
  end(): Promise<void>;
  close(): Promise<void>;
}

async function outageFor(url: string): Promise<Outage> {
  if (providerOf(url) === 'postgresql') {
    const server = new URL(url);
    const proxy = await TcpProxy.start(server.hostname, Number(server.port));
    const viaProxy = new URL(url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const botDb = openDb(viaProxy.toString());
    return {
      botDb,
      begin: async () => proxy.down(),
      end: async () => proxy.up(),
      close: async () => {
        await botDb.$disconnect();
        await proxy.stop();
      },
    };
  }
  const botDb = openDb(url);
  const locker = openDb(url);
  return {
    botDb,
    begin: async () => void (await locker.$executeRawUnsafe('BEGIN EXCLUSIVE')),
    end: async () => void (await locker.$executeRawUnsafe('COMMIT')),
    close: async () => {
      await botDb.$disconnect();
      await locker.$disconnect();
    },
  };
}

const TERMINAL = ['Salvato ✔', 'Già salvato', 'non è raggiungibile'];
const settled = (m: BotMessage | undefined) => m !== undefined && (m.buttons.length > 0 || TERMINAL.some((w) => m.text.includes(w)));

async function step(anna: SlackPerson, act: () => Promise<void>): Promise<BotMessage> {
  const before = anna.messages().length;
  await act();
  await waitFor(() => anna.messages().length > before && settled(anna.messages().at(-1)), 'the bot to settle', 90_000);
  return anna.messages().at(-1)!;
}

describe('database unreachable for ten seconds during a turn', () => {
  it('the person is told, and nothing is lost or stored twice once it is back', async () => {
    const tally = faultTally('database-outage');
    const outage = await outageFor(t.url);
    const api = await FakeSlackApi.start();
    const anna = await SlackPerson.start(api, new CheckinEngine(outage.botDb, AUG_2));
    try {
      // Round 1: down while answering (after two answers); round 2: down while confirming.
      for (const downAt of ['answer', 'conferma'] as const) {
        tally.round();
        await reset();
        await step(anna, () => anna.command('rispondi'));
        await step(anna, () => anna.say('100'));
        await step(anna, () => anna.say('30'));
        if (downAt === 'conferma') for (const answer of ['42,5%', '2.700', 'sì']) await step(anna, () => anna.say(answer));
        const summary = anna.messages().at(-1)!;
        await outage.begin();
        const startedAt = Date.now();
        const told = await step(anna, () => (downAt === 'answer' ? anna.say('42,5%') : anna.press('Conferma', summary)));
        expect(told.text).toContain('Il database non è raggiungibile');
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - startedAt))));
        await outage.end();
        // Nothing of the failed turn was committed.
        expect(await stored()).toEqual([]);
        // Back: the person does it again, from where they were.
        if (downAt === 'answer') {
          expect((await step(anna, () => anna.say('42,5%'))).text).toContain('Indicatore b');
          await step(anna, () => anna.say('2.700'));
          await step(anna, () => anna.say('sì'));
        }
        const after = downAt === 'answer' ? anna.messages().at(-1)! : summary;
        expect(after.text).toContain('• RU-1 fase 1: 100%');
        expect((await step(anna, () => anna.press('Conferma', after))).text).toContain('Salvato ✔ (5 risposte)');
        expect((await step(anna, () => anna.press('Conferma', after))).text).toContain('Già salvato');
        expect(await stored()).toEqual(EXPECTED);
        tally.check(5);
      }
    } finally {
      await outage.end().catch(() => {});
      await anna.stop();
      await api.stop();
      await outage.close();
      tally.report();
    }
  });
});
