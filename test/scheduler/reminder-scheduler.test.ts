import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readPlanFile } from '../../src/plan-file/read.js';
import { importPlan } from '../../src/db/plan-import.js';
import { Dispatcher } from '../../src/scheduler/dispatch.js';
import { ReminderScheduler } from '../../src/scheduler/reminder-scheduler.js';
import { WorkingCalendar } from '../../src/domain/calendar.js';
import type { ChatAddress, ChatPort, OutgoingMessage } from '../../src/chat/port.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { updateReminderSettings } from '../../src/db/settings-store.js';
import { addAbsence } from '../../src/web/absence-change.js';
import { saveAnswers } from '../../src/db/answer-store.js';

class RecordingPort implements ChatPort {
  readonly platform = 'telegram' as const;
  readonly maxTextLength = 4096;
  readonly sent: Array<{ at: Date; to: ChatAddress; message: OutgoingMessage }> = [];
  async send(to: ChatAddress, message: OutgoingMessage): Promise<string> {
    this.sent.push({ at: new Date(), to, message });
    return String(this.sent.length);
  }
}

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
  await importPlan(t.db, (await readPlanFile(path.resolve(import.meta.dirname, '..', 'fixtures', 'dst-plan.yaml'))).plan, { actor: 'test', reason: 'test' });
});
afterEach(async () => {
  vi.useRealTimers();
  await t.drop();
});

describe('reminder scheduler across the 2026 DST changes', () => {
  it('sends 09:30 Europe/Rome reminders at 09:30 local on both sides of 29 March and 25 October', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T10:00:00Z'));
    const port = new RecordingPort();
    const clock = () => new Date();
    const scheduler = new ReminderScheduler({ db: t.db, dispatcher: new Dispatcher({ db: t.db, ports: [port], clock, worker: 'w' }), clock, horizonDays: 250 });
    await scheduler.planAll();
    const rome = new WorkingCalendar();
    for (const [day, utcHour] of [
      ['2026-03-27', 8],
      ['2026-03-30', 7],
      ['2026-10-23', 7],
      ['2026-10-26', 8],
    ] as const) {
      // Send whatever fell due before that morning (follow-ups of earlier dates), then watch 09:30.
      vi.setSystemTime(new Date(`${day}T05:00:00Z`));
      await scheduler.tick();
      const before = port.sent.length;
      vi.setSystemTime(new Date(`${day}T${String(utcHour).padStart(2, '0')}:29:00Z`));
      await scheduler.tick();
      expect(port.sent.length, `nothing before 09:30 local on ${day}`).toBe(before);
      vi.setSystemTime(new Date(`${day}T${String(utcHour).padStart(2, '0')}:30:00Z`));
      await scheduler.tick();
      expect(port.sent.length, `the ask on ${day}`).toBe(before + 1);
      const sent = port.sent.at(-1)!;
      expect(rome.localDateOf(sent.at)).toBe(day);
      expect(rome.localTimeOf(sent.at)).toBe('09:30');
    }
  });

  it('ticks every minute from node-cron and never runs two ticks at once', async () => {
    vi.useFakeTimers({ now: new Date('2026-03-27T08:00:00Z'), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    let running = 0;
    let maxRunning = 0;
    let ticks = 0;
    const slowTick = {
      tick: async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        ticks++;
        await new Promise((resolve) => setTimeout(resolve, 90_000)); // a slow tick: longer than a minute
        running--;
        return 0;
      },
    };
    // The ticker is under test, not the database: the minute's work is a slow stand-in.
    class SlowScheduler extends ReminderScheduler {
      override async tick(): Promise<number> {
        return slowTick.tick();
      }
    }
    const scheduler = new SlowScheduler({ db: t.db, dispatcher: {} as Dispatcher, clock: () => new Date(), horizonDays: 1 });
    scheduler.schedule();
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    const stopping = scheduler.stop();
    await vi.advanceTimersByTimeAsync(10 * 60_000); // let the tick in progress finish
    await stopping;
    expect(ticks).toBeGreaterThanOrEqual(3);
    expect(maxRunning).toBe(1);
  });
});

describe('re-planning', () => {
  it('re-plans on the next tick after the plan changes (an import by another process)', async () => {
    const port = new RecordingPort();
    const clock = () => new Date('2026-03-01T10:00:00Z');
    const scheduler = new ReminderScheduler({ db: t.db, dispatcher: new Dispatcher({ db: t.db, ports: [port], clock, worker: 'w' }), clock, horizonDays: 60 });
    await scheduler.planAll();
    const before = await t.db.reminder.count({ where: { state: 'pending' } });
    expect(before).toBeGreaterThan(0);
    const file = (await readPlanFile(path.resolve(import.meta.dirname, '..', 'fixtures', 'dst-plan.yaml'))).plan;
    file.objectives[0]!.indicators.push({ code: 'b', name: 'Candidature', unit: 'count', target: 'almeno 10', context: false });
    await importPlan(t.db, file, { actor: 'cli', reason: 'new indicator' });
    await scheduler.tick();
    expect(await t.db.reminder.count({ where: { state: 'pending', subject: { startsWith: 'indicator:RU-1/b@' } } })).toBeGreaterThan(0);
    const after = await t.db.reminder.count({ where: { state: 'pending' } });
    await scheduler.tick();
    expect(await t.db.reminder.count({ where: { state: 'pending' } })).toBe(after);
  });

  it('plans the same inputs once per process, and again after a settings change, an absence, an answer, the next day or a restart', async () => {
    let now = new Date('2026-03-01T10:00:00Z');
    const options = { db: t.db, dispatcher: {} as Dispatcher, clock: () => now, horizonDays: 60 };
    const scheduler = new ReminderScheduler(options);
    const first = await scheduler.planEnte('borgo-dst');
    expect(first.created).toBeGreaterThan(0);
    // Same data version, same window: nothing read back, nothing written.
    expect(await scheduler.planEnte('borgo-dst')).toEqual({ created: 0, cancelled: 0, unchanged: first.created, skipped: true });
    const pendingAt = async () => (await t.db.reminder.findMany({ where: { state: 'pending' }, select: { sendAt: true } })).map((r) => new WorkingCalendar().localTimeOf(r.sendAt));

    await updateReminderSettings(t.db, 'borgo-dst', { sendTime: '10:00' }, 'admin');
    expect(await scheduler.planEnte('borgo-dst')).toMatchObject({ created: 0, moved: first.created });
    expect(new Set(await pendingAt())).toEqual(new Set(['10:00']));

    // Away over the 27/03 ask with no deputy: the ask is held until the first working day back.
    expect(await addAbsence(t.db, 'borgo-dst', { person: 'verdi-a', from: '2026-03-27', to: '2026-04-03' }, 'admin')).toBeNull();
    const held = await scheduler.planEnte('borgo-dst');
    expect(held.skipped).toBeUndefined();
    expect(held.cancelled).toBeGreaterThan(0);
    expect(await t.db.reminder.count({ where: { state: 'pending', dueDate: '2026-04-07' } })).toBeGreaterThan(0); // Easter Monday is 6/04

    // Answered: that monitoring date's reminders are no longer planned.
    await saveAnswers(t.db, { ente: 'borgo-dst', plan: 'pp-2026', by: 'verdi-a', channel: 'test', on: '2026-03-02', answers: [{ kind: 'indicator', objective: 'RU-1', code: 'a', asOf: '2026-03-26', raw: '96%', value: { kind: 'number', value: 96 }, status: 'measured' }] });
    const answered = await scheduler.planEnte('borgo-dst');
    expect(answered.cancelled).toBeGreaterThan(0);
    expect(await t.db.reminder.count({ where: { state: 'pending', subject: 'indicator:RU-1/a@2026-03-26' } })).toBe(0);

    // The next day moves the window: planned again (and nothing changes).
    now = new Date('2026-03-02T10:00:00Z');
    const nextDay = await scheduler.planEnte('borgo-dst');
    expect(nextDay.skipped).toBeUndefined();
    expect(nextDay).toMatchObject({ created: 0, cancelled: 0 });
    // A restarted process remembers nothing: it compares with the database, which already holds every row.
    const restarted = await new ReminderScheduler(options).planEnte('borgo-dst');
    expect(restarted).toEqual({ created: 0, cancelled: 0, unchanged: nextDay.unchanged });
  });
});
