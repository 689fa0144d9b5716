import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { readPlanFile } from '../../src/plan-file/read.js';
import { importPlan } from '../../src/db/plan-import.js';
import { loadPlanSnapshot } from '../../src/db/plan-repository.js';
import { WorkingCalendar } from '../../src/domain/calendar.js';
import { DEFAULT_REMINDER_SETTINGS } from '../../src/domain/reminder-settings.js';
import { planReminders } from '../../src/scheduler/plan-reminders.js';
import { syncReminders, cancelForSubjects } from '../../src/db/reminder-store.js';
import { Dispatcher, deliveryKeyOf } from '../../src/scheduler/dispatch.js';
import { PlatformError, UnreachableError, type ChatAddress, type ChatPort, type OutgoingMessage, type Platform } from '../../src/chat/port.js';
import { seededDatabaseEachTest } from '../support/test-database.js';

const plan = path.resolve(import.meta.dirname, '..', 'fixtures', 'checkin-plan.yaml');

/** A chat port that records what it was asked to send (the dispatcher is under test, not the platform). */
class RecordingPort implements ChatPort {
  readonly maxTextLength = 4096;
  readonly sent: Array<{ to: ChatAddress; message: OutgoingMessage; deliveryKey?: string }> = [];
  failWith: Error | null = null;
  constructor(readonly platform: Platform) {}
  async send(to: ChatAddress, message: OutgoingMessage, options?: { deliveryKey?: string }): Promise<string> {
    if (this.failWith) throw this.failWith;
    this.sent.push({ to, message, ...(options?.deliveryKey ? { deliveryKey: options.deliveryKey } : {}) });
    return `${this.platform}-${this.sent.length}`;
  }
}

// the plan imported once for the file, a copy of it for each test
const t = seededDatabaseEachTest(async (db) => void (await importPlan(db, (await readPlanFile(plan)).plan, { actor: 'test', reason: 'test' })));
let enteId: number;
beforeEach(async () => {
  enteId = (await t.db.ente.findFirstOrThrow()).id;
});

async function planAndSync(from: string, to: string) {
  const snapshot = await loadPlanSnapshot(t.db, 'borgo-chat', 'pp-2022');
  const planned = planReminders({ snapshot, settings: DEFAULT_REMINDER_SETTINGS, calendar: new WorkingCalendar({ patronDay: '06-24' }), from, to });
  return { planned, result: await syncReminders(t.db, enteId, planned, { from, to }) };
}

describe('reminder rows', () => {
  it('re-running the planner changes no row; answering cancels the pending follow-ups', async () => {
    const first = await planAndSync('2022-08-01', '2022-08-31');
    expect(first.result.created).toBeGreaterThan(0);
    const rows = await t.db.reminder.findMany({ orderBy: { id: 'asc' } });
    const again = await planAndSync('2022-08-01', '2022-08-31');
    expect(again.result).toEqual({ created: 0, cancelled: 0, unchanged: first.planned.length });
    expect(await t.db.reminder.findMany({ orderBy: { id: 'asc' } })).toEqual(rows);

    const subject = 'indicator:RU-1/a@2022-07-31';
    expect(rows.filter((r) => r.subject === subject).length).toBeGreaterThan(1);
    expect(await cancelForSubjects(t.db, enteId, [subject])).toBe(rows.filter((r) => r.subject === subject).length);
    expect(await t.db.reminder.count({ where: { subject, state: 'pending' } })).toBe(0);
  });
});

describe('dispatcher', () => {
  it('sends one message per person per day listing all their due items, once', async () => {
    await planAndSync('2022-08-01', '2022-08-01');
    const telegram = new RecordingPort('telegram');
    const dispatcher = new Dispatcher({ db: t.db, ports: [telegram], clock: () => new Date('2022-08-01T07:30:00Z'), worker: 'w1' });
    const sent = await dispatcher.tick();
    const toAnna = telegram.sent.filter((s) => s.to.chatId === '111111111');
    expect(toAnna).toHaveLength(1);
    expect(toAnna[0]!.message.text).toContain('*Promemoria perfbot* — 01/08/2022');
    expect(toAnna[0]!.message.text).toContain('• RU-1 ind. a «Procedure gestite online»: valore al 31/07/2022');
    expect(toAnna[0]!.message.choices?.flat().map((c) => c.value)).toEqual(['ctl:start']);
    expect(sent).toBe(telegram.sent.length);
    expect(await t.db.reminder.count({ where: { state: 'pending', dueDate: '2022-08-01' } })).toBe(0);
    expect(await dispatcher.tick()).toBe(0);
    expect(telegram.sent.length).toBe(sent);
  });

  it('sends nothing before the local send time', async () => {
    await planAndSync('2022-08-01', '2022-08-01');
    const telegram = new RecordingPort('telegram');
    expect(await new Dispatcher({ db: t.db, ports: [telegram], clock: () => new Date('2022-08-01T07:29:00Z'), worker: 'w' }).tick()).toBe(0);
    expect(await new Dispatcher({ db: t.db, ports: [telegram], clock: () => new Date('2022-08-01T07:30:00Z'), worker: 'w' }).tick()).toBeGreaterThan(0);
  });

  it('tries the next platform when one says the person is unreachable, and marks the account', async () => {
    await planAndSync('2022-08-01', '2022-08-01');
    const slack = new RecordingPort('slack');
    slack.failWith = new UnreachableError('slack', 'account_inactive');
    const telegram = new RecordingPort('telegram');
    await new Dispatcher({ db: t.db, ports: [slack, telegram], clock: () => new Date('2022-08-01T07:30:00Z'), worker: 'w' }).tick();
    expect(telegram.sent.some((s) => s.to.chatId === '111111111')).toBe(true);
    expect(await t.db.chatIdentity.findFirst({ where: { platform: 'slack', externalId: 'U0VERDI01' } })).toMatchObject({ unreachable: true });
  });

  it('retries a platform error with backoff, then gives up after the maximum attempts', async () => {
    await planAndSync('2022-08-01', '2022-08-01');
    const telegram = new RecordingPort('telegram');
    telegram.failWith = new PlatformError('telegram', 'sendMessage', '429', 120);
    let now = new Date('2022-08-01T07:30:00Z');
    const dispatcher = new Dispatcher({ db: t.db, ports: [telegram], clock: () => now, worker: 'w', maxAttempts: 2 });
    await dispatcher.tick();
    const retried = await t.db.reminder.findFirstOrThrow({ where: { recipient: 'verdi-a', dueDate: '2022-08-01' } });
    expect(retried).toMatchObject({ state: 'pending', attempts: 1, lastError: 'telegram sendMessage failed: 429' });
    expect(retried.sendAt.getTime() - now.getTime()).toBe(120_000);
    now = new Date(retried.sendAt.getTime());
    await dispatcher.tick();
    expect(await t.db.reminder.findFirstOrThrow({ where: { id: retried.id } })).toMatchObject({ state: 'failed', attempts: 2 });
  });

  it('finishes a claim left by a dead worker after the hand-off: marks it sent when the platform has it', async () => {
    await planAndSync('2022-08-01', '2022-08-01');
    const now = new Date('2022-08-01T08:00:00Z');
    const rows = await t.db.reminder.findMany({ where: { recipient: 'verdi-a' } });
    await t.db.reminder.updateMany({ where: { recipient: 'verdi-a' }, data: { state: 'handed', platform: 'telegram', claimedBy: 'dead:1', claimedAt: new Date('2022-08-01T07:30:00Z') } });
    const delivered = new (class extends RecordingPort {
      async wasDelivered(_to: ChatAddress, key: string) {
        return key === deliveryKeyOf(rows as never) ? 'tg-42' : null;
      }
    })('telegram');
    await new Dispatcher({ db: t.db, ports: [delivered], clock: () => now, worker: 'w2' }).recover();
    expect(await t.db.reminder.count({ where: { recipient: 'verdi-a', state: 'sent', messageRef: 'tg-42' } })).toBe(rows.length);
    expect(delivered.sent).toHaveLength(0);
  });

  it('never sends a reminder twice with two dispatchers on one database', async () => {
    // 500 due reminders over 25 days of one person: 25 person-days.
    const people = await t.db.person.findMany();
    const anna = people.find((p) => p.code === 'verdi-a')!;
    await t.db.reminder.createMany({
      data: Array.from({ length: 500 }, (_, i) => ({
        enteId,
        key: `load-${i}`,
        kind: 'checkpoint',
        subject: `indicator:RU-1/a@2022-07-31#${i}`,
        recipient: anna.code,
        dueDate: `2022-08-${String((i % 25) + 1).padStart(2, '0')}`,
        step: 'ask',
        sendAt: new Date('2022-08-01T07:30:00Z'),
        reason: { objective: 'RU-1', item: { kind: 'indicator', code: 'a' }, checkpoint: '2022-07-31' },
      })),
    });
    const port = new RecordingPort('telegram');
    const clock = () => new Date('2022-09-01T08:00:00Z');
    // PostgreSQL: a second client, as a second process would have. SQLite (one writer, and
    // the libsql driver blocks the event loop while it waits for a lock): the same client.
    const second = t.url.startsWith('postgres') ? t.open() : t.db;
    try {
      const [a, b] = await Promise.all([
        new Dispatcher({ db: t.db, ports: [port], clock, worker: 'a' }).tick(),
        new Dispatcher({ db: second, ports: [port], clock, worker: 'b' }).tick(),
      ]);
      expect(a + b).toBe(25); // one message per person-day
    } finally {
      if (second !== t.db) await second.$disconnect();
    }
    const keys = port.sent.flatMap((s) => s.deliveryKey!.split('-'));
    expect(new Set(keys).size).toBe(keys.length);
    expect(await t.db.reminder.count({ where: { key: { startsWith: 'load-' }, state: 'sent' } })).toBe(500);
  });
});

describe('answering in chat', () => {
  it('cancels the pending reminders of the answered items at once', async () => {
    await planAndSync('2022-08-01', '2022-10-31');
    const { CheckinEngine } = await import('../../src/conversations/checkin-engine.js');
    const engine = new CheckinEngine(t.db, () => new Date('2022-08-01T08:00:00Z'));
    const say = (text: string, kind: 'text' | 'command' | 'choice' = 'text', command?: string) =>
      engine.handle({ platform: 'telegram', userId: '111111111', chatId: '111111111', kind, text, ...(command ? { command } : {}) });
    const pendingAbout = (subject: string) => t.db.reminder.count({ where: { subject, state: 'pending' } });
    expect(await pendingAbout('indicator:RU-1/a@2022-07-31')).toBeGreaterThan(0);
    await say('', 'command', 'rispondi');
    for (const answer of ['100', '30', '42,5%', '250', 'sì']) await say(answer);
    await say('conferma');
    expect(await pendingAbout('indicator:RU-1/a@2022-07-31')).toBe(0);
    expect(await pendingAbout('phase:RU-1/2@2022-07-31')).toBe(0);
    // Phase 2 is at 30%: its deadline ladder (due 30/09) goes on.
    expect(await t.db.reminder.count({ where: { subject: 'phase:RU-1/2', state: 'pending' } })).toBeGreaterThan(0);
  });
});
