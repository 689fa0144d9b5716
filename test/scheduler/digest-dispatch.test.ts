/**
 * Weekly digests through the real scheduler planning and the real Dispatcher, against a chat port
 * that records what it is asked to send: digests never merge into a reminder message, each
 * (sector, week, recipient) goes out once whatever the number of dispatchers, restarts and crashes,
 * the text is the digest of the report on the day it is sent, and the admin's day and time apply.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readPlanFile } from '../../src/plan-file/read.js';
import { importPlan } from '../../src/db/plan-import.js';
import { loadPlanSnapshot } from '../../src/db/plan-repository.js';
import { loadReminderSettings, updateReminderSettings } from '../../src/db/settings-store.js';
import { claimGroup, markFailed, markHanded, markSent, nextDueGroup, syncReminders } from '../../src/db/reminder-store.js';
import { WorkingCalendar } from '../../src/domain/calendar.js';
import { planDigests } from '../../src/scheduler/plan-digests.js';
import { buildReport } from '../../src/reports/report.js';
import { buildSectorDigest } from '../../src/reports/digest.js';
import { renderDigestText } from '../../src/reports/digest-text.js';
import { buildEnteSummary } from '../../src/reports/ente-summary.js';
import { renderEnteSummaryText } from '../../src/reports/ente-summary-text.js';
import { Dispatcher, deliveryKeyOf } from '../../src/scheduler/dispatch.js';
import { ReminderScheduler } from '../../src/scheduler/reminder-scheduler.js';
import { NOT_CONFIRMED } from '../../src/scheduler/claim-recovery.js';
import { parseSettingsChange } from '../../src/domain/reminder-settings-change.js';
import { PlatformError, type ChatAddress, type ChatPort, type OutgoingImage, type OutgoingMessage } from '../../src/chat/port.js';
import type { Db } from '../../src/db/database.js';
import { Prisma } from '../../src/generated/sqlite/client.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const segrateFile = path.resolve(import.meta.dirname, '..', '..', 'examples', 'segrate-pdo-2022.json');
const SECTORS = ['AGSC', 'AVV', 'SAPS', 'STAFF', 'TSE'];
/** The Telegram chats of Segrate's coordinators (coord-1 ente-wide, coord-2 for STAFF). */
const COORD_1 = '206537628';
const COORD_2 = '834716133';

interface Sent {
  to: ChatAddress;
  message: OutgoingMessage;
  deliveryKey?: string;
}

/** A chat port that records what it was asked to send (the dispatcher is under test, not the platform). */
class RecordingPort implements ChatPort {
  readonly platform = 'telegram' as const;
  readonly maxTextLength = 4096;
  readonly sent: Sent[] = [];
  async send(to: ChatAddress, message: OutgoingMessage, options?: { deliveryKey?: string }): Promise<string> {
    this.sent.push({ to, message, ...(options?.deliveryKey ? { deliveryKey: options.deliveryKey } : {}) });
    return `tg-${this.sent.length}`;
  }
  to(chatId: string): string[] {
    return this.sent.filter((s) => s.to.chatId === chatId).map((s) => s.message.text);
  }
}

/** A port that can tell whether a message with a delivery key arrived. */
class ConfirmingPort extends RecordingPort {
  async wasDelivered(_to: ChatAddress, deliveryKey: string): Promise<string | null> {
    const index = this.sent.findIndex((s) => s.deliveryKey === deliveryKey);
    return index < 0 ? null : `tg-${index + 1}`;
  }
}

/** A port that can also send pictures, recorded in order with the texts. */
class ImageRecordingPort extends RecordingPort {
  imageError: Error | null = null;
  declare readonly sent: Array<Sent & { image?: OutgoingImage }>;
  async sendImage(to: ChatAddress, image: OutgoingImage, options?: { deliveryKey?: string }): Promise<string> {
    if (this.imageError) throw this.imageError;
    this.sent.push({ to, message: { text: '' }, image, ...(options?.deliveryKey ? { deliveryKey: options.deliveryKey } : {}) });
    return `tg-${this.sent.length}`;
  }
}

let t: TestDatabase;

/** Segrate with some progress reported in February, and `extra` more ente-wide coordinators on Telegram. */
async function importSegrate(extra = 0): Promise<void> {
  const plan = (await readPlanFile(segrateFile)).plan;
  plan.phaseProgress = [
    { phase: 'AGSC-1/1', at: '2022-02-28', pct: 40, by: 'bossi-c' },
    { phase: 'STAFF-1/1', at: '2022-02-28', pct: 100, by: 'caretti-a' },
  ];
  for (let i = 0; i < extra; i++) {
    plan.people.push({ code: `coord-x${i}`, name: `Coordinatore ${i}`, telegram: String(700000000 + i), absences: [] });
    plan.roles.push({ person: `coord-x${i}`, role: 'coordinator' });
  }
  await importPlan(t.db, plan, { actor: 'test', reason: 'test' });
}

function schedulerAt(clock: () => Date, port: ChatPort, horizonDays = 13): ReminderScheduler {
  return new ReminderScheduler({ db: t.db, dispatcher: new Dispatcher({ db: t.db, ports: [port], clock, worker: 'w' }), clock, horizonDays });
}

/** Only the digests of one day's week (the tests of delivery alone need no reminders, whose planning is slow). */
async function planDigestsOn(from: string, db: Db = t.db, to = from) {
  const snapshot = await loadPlanSnapshot(db, 'segrate', 'pdo-2022');
  const planned = planDigests({ snapshot, settings: await loadReminderSettings(db, 'segrate'), calendar: new WorkingCalendar(), from, to });
  return syncReminders(db, (await db.ente.findFirstOrThrow()).id, planned, { from, to });
}

/** The digest texts as the report says them on `date` (built here from the report, not by the dispatcher's modules). */
async function expectedTexts(date: string) {
  const snapshot = await loadPlanSnapshot(t.db, 'segrate', 'pdo-2022');
  const report = buildReport(snapshot, date);
  const names = new Map(snapshot.people.map((p) => [p.code, p.name]));
  // The last reminder sent to each person, straight from the rows.
  const lastReminders = new Map<string, string>();
  for (const r of await t.db.reminder.findMany({ where: { state: 'sent', NOT: { kind: 'digest' } } })) {
    if ((lastReminders.get(r.recipient) ?? '') < r.dueDate) lastReminders.set(r.recipient, r.dueDate);
  }
  return {
    lastReminders,
    ente: renderEnteSummaryText(buildEnteSummary(report, snapshot), names, 'it'),
    sector: (code: string) => renderDigestText(buildSectorDigest(report, snapshot, code, lastReminders), names, 'it'),
  };
}

const digestRows = (db: Db = t.db) => db.reminder.findMany({ where: { kind: 'digest' }, orderBy: { id: 'asc' } });

beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await t.drop();
});

describe('weekly digest delivery', () => {
  it('sends the digests apart from the reminders of the same day, with the text of that day’s report', async () => {
    await importSegrate();
    const port = new RecordingPort();
    let now = new Date('2022-03-08T12:00:00Z');
    const scheduler = schedulerAt(() => now, port);
    await scheduler.planEnte('segrate');
    // Tuesday 8/03 and Thursday 10/03: the reminders due those days (the digest's "last reminder" dates).
    expect(await scheduler.tick()).toBeGreaterThan(0);
    now = new Date('2022-03-10T12:00:00Z');
    expect(await scheduler.tick()).toBeGreaterThan(0);
    // Planned from Tuesday: that week's digests went out that day, once, apart from the reminders.
    expect((await digestRows()).filter((r) => r.subject.endsWith('@2022-W10')).map((r) => [r.dueDate, r.state])).toEqual(Array(7).fill(['2022-03-08', 'sent']));
    expect(port.sent.filter((s) => s.message.text.startsWith('*Promemoria')).some((s) => s.message.text.includes('Settore'))).toBe(false);
    port.sent.length = 0;

    // Monday 14/03 at 09:30 in Rome: coord-1 has escalations due and the weekly digests.
    now = new Date('2022-03-14T08:30:00Z');
    const reminderRows = await t.db.reminder.count({ where: { recipient: 'coord-1', dueDate: '2022-03-14', NOT: { kind: 'digest' } } });
    expect(reminderRows).toBeGreaterThan(1);
    const expected = await expectedTexts('2022-03-14');
    await scheduler.tick();
    expect(new Set(expected.lastReminders.values())).toEqual(new Set(['2022-03-08', '2022-03-10']));
    const toCoord1 = port.to(COORD_1);
    const reminders = toCoord1.filter((text) => text.startsWith('*Promemoria perfbot*'));
    // One reminder message listing every reminder of the day, and nothing of the digests in it.
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.split('\n').filter((line) => line.startsWith('• '))).toHaveLength(reminderRows);
    expect(reminders[0]).not.toContain('Settore');
    // The ente summary, then one message per sector digest: exactly what the report says on 14/03.
    expect(toCoord1.filter((text) => !reminders.includes(text))).toEqual([expected.ente, ...SECTORS.map(expected.sector)]);
    expect(toCoord1.some((text) => text.includes('ultimo promemoria 08/03/2022'))).toBe(true);
    expect(port.to(COORD_2).filter((text) => !text.startsWith('*Promemoria'))).toEqual([expected.sector('STAFF')]);
    expect((await digestRows()).filter((r) => r.dueDate === '2022-03-14').map((r) => r.state)).toEqual(Array(7).fill('sent'));
  });

  it('claims a person’s digests and reminders of a day apart, even when due at the same instant', async () => {
    await importSegrate();
    await planDigestsOn('2022-03-14');
    const digest = (await digestRows()).find((r) => r.recipient === 'coord-1')!;
    await t.db.reminder.create({
      data: { enteId: digest.enteId, key: 'r-1', kind: 'phase_deadline', subject: 'phase:AGSC-1/1', recipient: 'coord-1', dueDate: '2022-03-14', step: 'escalate-coordinator', sendAt: digest.sendAt, reason: { objective: 'AGSC-1', item: { kind: 'phase', code: '1' } } },
    });
    const now = new Date('2022-03-14T09:00:00Z');
    const claims: string[][] = [];
    for (let group = await nextDueGroup(t.db, now); group; group = await nextDueGroup(t.db, now)) {
      claims.push((await claimGroup(t.db, group, 'w', now)).map((r) => `${r.recipient} ${r.kind}`));
    }
    expect(claims.filter((c) => c[0]!.startsWith('coord-1 ')).map((c) => [...new Set(c)])).toEqual(expect.arrayContaining([['coord-1 digest'], ['coord-1 phase_deadline']]));
    expect(claims.every((c) => new Set(c).size === 1)).toBe(true);
  });

  it('sends each (sector, week, recipient) once with two dispatchers at once, and nothing more after a restart', async () => {
    await importSegrate(20);
    await planDigestsOn('2022-03-14');
    const rows = await digestRows();
    // 21 ente-wide coordinators × (5 sectors + the summary) + coord-2's STAFF digest.
    expect(rows).toHaveLength(21 * 6 + 1);
    const port = new RecordingPort();
    const clock = () => new Date('2022-03-14T07:35:00Z');
    // PostgreSQL: a second client, as a second process would have; SQLite: the same client (one writer).
    const second = t.url.startsWith('postgres') ? t.open() : t.db;
    try {
      await Promise.all([
        new Dispatcher({ db: t.db, ports: [port], clock, worker: 'a' }).tick(),
        new Dispatcher({ db: second, ports: [port], clock, worker: 'b' }).tick(),
      ]);
    } finally {
      if (second !== t.db) await second.$disconnect();
    }
    const byId = new Map(rows.map((r) => [String(r.id), r]));
    const delivered = port.sent.map((s) => s.deliveryKey!).filter((key) => byId.get(key)?.kind === 'digest');
    expect(delivered.sort()).toEqual(rows.map((r) => String(r.id)).sort());
    const identities = delivered.map((key) => `${byId.get(key)!.subject} ${byId.get(key)!.recipient}`);
    expect(new Set(identities).size).toBe(rows.length);

    // A restart: a new dispatcher on a new client, re-planning first as the service does.
    const restarted = t.open();
    try {
      const before = port.sent.length;
      expect(await planDigestsOn('2022-03-14', restarted)).toEqual({ created: 0, cancelled: 0, unchanged: rows.length });
      expect(await new Dispatcher({ db: restarted, ports: [port], clock, worker: 'c' }).tick()).toBe(0);
      expect(port.sent.length).toBe(before);
      expect((await digestRows(restarted)).map((r) => r.state)).toEqual(Array(rows.length).fill('sent'));
    } finally {
      await restarted.$disconnect();
    }
  });

  it('claims digests one at a time: a dead worker leaves one in doubt, finished without resending; the others go out', async () => {
    await importSegrate();
    const now = new Date('2022-03-14T07:35:00Z');
    await planDigestsOn('2022-03-14');
    // A worker claims coord-1's first digest (the ente summary), delivers it, and dies before recording it.
    const group = (await nextDueGroup(t.db, now))!;
    expect(group).toMatchObject({ recipient: 'coord-1', family: 'digest' });
    const claimed = await claimGroup(t.db, group, 'dead', now);
    expect(claimed.map((r) => r.subject)).toEqual(['digest:ente@2022-W11']);
    expect(await markHanded(t.db, claimed, 'telegram', now)).toBe(true);
    const port = new ConfirmingPort();
    await port.send({ platform: 'telegram', chatId: COORD_1 }, { text: 'the dead worker’s message' }, { deliveryKey: deliveryKeyOf([claimed[0]!]) });

    const restarted = t.open();
    try {
      const dispatcher = new Dispatcher({ db: restarted, ports: [port], clock: () => new Date(now.getTime() + 60_000), worker: 'w2', leaseMs: 0 });
      expect(await dispatcher.recover()).toBe(1);
      await dispatcher.tick();
    } finally {
      await restarted.$disconnect();
    }
    const keys = port.sent.map((s) => s.deliveryKey!);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.sort()).toEqual((await digestRows()).filter((r) => r.dueDate === '2022-03-14').map((r) => String(r.id)).sort());
    expect(await t.db.reminder.findUniqueOrThrow({ where: { id: claimed[0]!.id } })).toMatchObject({ state: 'sent', messageRef: 'tg-1' });
    expect(await t.db.reminder.count({ where: { kind: 'digest', state: 'sent' } })).toBe(7);
  });

  it('does not send a digest again when the platform cannot tell whether it arrived', async () => {
    await importSegrate();
    const now = new Date('2022-03-14T07:35:00Z');
    await planDigestsOn('2022-03-14');
    const group = (await nextDueGroup(t.db, now))!;
    const claimed = await claimGroup(t.db, group, 'dead', now);
    expect(group.family).toBe('digest');
    expect(claimed).toHaveLength(1);
    // It died after handing the digest to Telegram, which cannot say whether it arrived.
    expect(await markHanded(t.db, claimed, 'telegram', now)).toBe(true);
    const port = new RecordingPort();
    const dispatcher = new Dispatcher({ db: t.db, ports: [port], clock: () => new Date(now.getTime() + 60_000), worker: 'w2', leaseMs: 0 });
    expect(await dispatcher.recover()).toBe(1);
    await dispatcher.tick();
    // The one in doubt (the ente summary) is not sent again; coord-1's five sector digests, never claimed, go out.
    expect(await t.db.reminder.findUniqueOrThrow({ where: { id: claimed[0]!.id } })).toMatchObject({ state: 'failed', platform: 'telegram', lastError: NOT_CONFIRMED });
    expect(port.to(COORD_1).some((text) => text.includes('riepilogo'))).toBe(false);
    expect(port.to(COORD_1).filter((text) => text.startsWith('*Settore'))).toHaveLength(5);
  });

  it('moves the digests when an administrator sets `digest martedì 09:00`, never adding a second one to a week already sent', async () => {
    await importSegrate();
    const port = new RecordingPort();
    let now = new Date('2022-03-14T07:35:00Z'); // Monday 08:35 in Rome
    const scheduler = schedulerAt(() => now, port, 13);
    await scheduler.planEnte('segrate');
    await scheduler.tick();
    const sentMonday = (await digestRows()).filter((r) => r.state === 'sent');
    expect(sentMonday.map((r) => r.dueDate)).toEqual(Array(7).fill('2022-03-14'));
    const pendingBefore = (await digestRows()).filter((r) => r.state === 'pending');
    expect(new Set(pendingBefore.map((r) => r.dueDate))).toEqual(new Set(['2022-03-21']));

    const people = new Set((await t.db.person.findMany()).map((p) => p.code));
    const change = parseSettingsChange('digest martedì 09:00', await loadReminderSettings(t.db, 'segrate'), people);
    if (!change.ok) throw new Error(change.error.key);
    await updateReminderSettings(t.db, 'segrate', change.patch, 'admin-1');
    now = new Date('2022-03-14T10:00:00Z');
    await scheduler.planEnte('segrate');
    const after = await digestRows();
    const pending = after.filter((r) => r.state === 'pending');
    // The same rows, now on Tuesday 22/03 at 09:00 in Rome (08:00Z in winter).
    expect(pending.map((r) => r.id)).toEqual(pendingBefore.map((r) => r.id));
    expect(new Set(pending.map((r) => `${r.dueDate} ${r.sendAt.toISOString()}`))).toEqual(new Set(['2022-03-22 2022-03-22T08:00:00.000Z']));
    expect(after).toHaveLength(sentMonday.length + pendingBefore.length);

    // Tuesday 15/03 at 09:00: this week's digests went out on Monday, nothing more.
    port.sent.length = 0;
    now = new Date('2022-03-15T08:00:00Z');
    await scheduler.tick();
    expect(port.to(COORD_1).filter((text) => !text.startsWith('*Promemoria'))).toEqual([]);
    now = new Date('2022-03-22T07:59:00Z');
    await scheduler.tick();
    expect(port.to(COORD_1).filter((text) => !text.startsWith('*Promemoria'))).toEqual([]);
    now = new Date('2022-03-22T08:00:00Z');
    await scheduler.tick();
    expect(port.to(COORD_1).filter((text) => !text.startsWith('*Promemoria'))).toHaveLength(6);
  });

  it('cancels the pending digests on `digest off` and brings them back on `digest on`', async () => {
    await importSegrate();
    await planDigestsOn('2022-03-14', t.db, '2022-03-27');
    const planned = await digestRows();
    expect(planned).toHaveLength(14);
    const people = new Set((await t.db.person.findMany()).map((p) => p.code));
    for (const [command, pending] of [['digest off', 0], ['digest on', 14]] as const) {
      const change = parseSettingsChange(command, await loadReminderSettings(t.db, 'segrate'), people);
      if (!change.ok) throw new Error(change.error.key);
      await updateReminderSettings(t.db, 'segrate', change.patch, 'admin-1');
      await planDigestsOn('2022-03-14', t.db, '2022-03-27');
      expect(await t.db.reminder.count({ where: { kind: 'digest', state: 'pending' } }), command).toBe(pending);
    }
    expect((await digestRows()).map((r) => `${r.id} ${r.dueDate} ${r.sendAt.toISOString()}`)).toEqual(planned.map((r) => `${r.id} ${r.dueDate} ${r.sendAt.toISOString()}`));
  });

  it('does not send a digest more than a week late: the next one replaces it', async () => {
    await importSegrate();
    await planDigestsOn('2022-03-14');
    const port = new RecordingPort();
    expect(await new Dispatcher({ db: t.db, ports: [port], clock: () => new Date('2022-03-21T07:00:00Z'), worker: 'w' }).tick()).toBe(0);
    expect(port.sent).toEqual([]);
    expect(await t.db.reminder.count({ where: { kind: 'digest', state: 'failed' } })).toBe(7);
  });

  it('retries a digest the platform refused, without sending the others again', async () => {
    await importSegrate();
    const now = new Date('2022-03-14T07:35:00Z');
    await planDigestsOn('2022-03-14');
    // The platform refuses the third message once (rate limit).
    const port = new (class extends RecordingPort {
      calls = 0;
      override async send(to: ChatAddress, message: OutgoingMessage, options?: { deliveryKey?: string }) {
        if (++this.calls === 3) throw new PlatformError('telegram', 'sendMessage', '429', 30);
        return super.send(to, message, options);
      }
    })();
    let clock = now;
    const dispatcher = new Dispatcher({ db: t.db, ports: [port], clock: () => clock, worker: 'w' });
    await dispatcher.tick();
    expect(await t.db.reminder.count({ where: { kind: 'digest', state: 'pending', attempts: 1 } })).toBe(1);
    clock = new Date(now.getTime() + 60 * 60_000);
    await dispatcher.tick();
    const keys = port.sent.map((s) => s.deliveryKey!);
    expect(keys).toHaveLength(7);
    expect(new Set(keys).size).toBe(7);
    expect(await t.db.reminder.count({ where: { kind: 'digest', state: 'sent' } })).toBe(7);
  });

  it('sends each sector digest’s chart right after its text when the platform can show pictures', async () => {
    await importSegrate();
    await planDigestsOn('2022-03-14');
    const port = new ImageRecordingPort();
    await new Dispatcher({ db: t.db, ports: [port], clock: () => new Date('2022-03-14T07:35:00Z'), worker: 'w' }).tick();
    const toCoord2 = port.sent.filter((s) => s.to.chatId === COORD_2);
    expect(toCoord2.map((s) => (s.image ? `image ${s.image.filename}` : s.message.text.split('\n')[0]))).toEqual([
      expect.stringContaining('*Settore STAFF'),
      'image digest-STAFF-2022-03-14.png',
    ]);
    const image = toCoord2[1]!.image!;
    expect(Buffer.from(image.png.subarray(0, 8)).toString('hex')).toBe('89504e470d0a1a0a'); // the PNG signature
    expect(image.caption).toContain('STAFF');
    // coord-1: the summary (no chart), then each sector's text followed by its chart.
    const toCoord1 = port.sent.filter((s) => s.to.chatId === COORD_1).map((s) => (s.image ? 'image' : 'text'));
    expect(toCoord1).toEqual(['text', ...SECTORS.flatMap(() => ['text', 'image'])]);
  }, 60_000);

  it('sends a digest once even when its chart cannot be sent', async () => {
    await importSegrate();
    await planDigestsOn('2022-03-14');
    const port = new ImageRecordingPort();
    port.imageError = new PlatformError('telegram', 'sendPhoto', '400');
    const warnings: string[] = [];
    const dispatcher = new Dispatcher({ db: t.db, ports: [port], clock: () => new Date('2022-03-14T07:35:00Z'), worker: 'w', onWarning: (w) => warnings.push(w) });
    expect(await dispatcher.tick()).toBe(7);
    expect(await dispatcher.tick()).toBe(0);
    expect(port.sent.filter((s) => s.image)).toEqual([]);
    expect(port.sent.map((s) => s.deliveryKey).sort()).toEqual((await digestRows()).map((r) => String(r.id)).sort());
    expect(await t.db.reminder.count({ where: { kind: 'digest', state: 'sent' } })).toBe(7);
    expect(warnings).toHaveLength(6);
    expect(warnings[0]).toMatch(/chart .* not sent: telegram sendPhoto failed: 400/);
  }, 60_000);
  it('fails a message that throws while being built on its own, retried later, and goes on with the others', async () => {
    await importSegrate();
    await planDigestsOn('2022-03-14');
    const broken = (await digestRows()).find((r) => r.recipient === 'coord-2')!;
    // A digest row whose reason a bug made unreadable: building its message throws.
    await t.db.reminder.update({ where: { id: broken.id }, data: { reason: Prisma.JsonNull } });
    const port = new RecordingPort();
    const warnings: string[] = [];
    const now = new Date('2022-03-14T07:35:00Z');
    const dispatcher = new Dispatcher({ db: t.db, ports: [port], clock: () => now, worker: 'w', onWarning: (w) => warnings.push(w) });
    expect(await dispatcher.tick()).toBe(6);
    expect(port.to(COORD_1)).toHaveLength(6);
    const after = await t.db.reminder.findUniqueOrThrow({ where: { id: broken.id } });
    expect(after.state).toBe('pending');
    expect(after.sendAt.getTime()).toBeGreaterThan(now.getTime());
    expect(after.lastError).toMatch(/^unexpected: /);
    expect(warnings).toHaveLength(1);
  });

  it('records an outcome only for the claim that still holds the rows', async () => {
    await importSegrate();
    await planDigestsOn('2022-03-14');
    const now = new Date('2022-03-14T07:35:00Z');
    const first = await claimGroup(t.db, (await nextDueGroup(t.db, now))!, 'slow', now);
    // The lease ran out: another worker put the row back and claimed it again.
    await markFailed(t.db, first, 'interrupted before delivery: sent again', now);
    const row = first[0]!;
    const second = await claimGroup(t.db, { enteId: row.enteId, recipient: row.recipient, dueDate: row.dueDate, family: 'digest', id: row.id }, 'fast', now);
    expect(second.map((r) => r.id)).toEqual(first.map((r) => r.id));
    // The slow worker's late outcome changes nothing; the newer claim's does.
    await markSent(t.db, first, { platform: 'telegram', messageRef: 'late', at: now });
    expect(await t.db.reminder.findUniqueOrThrow({ where: { id: first[0]!.id } })).toMatchObject({ state: 'sending', claimedBy: second[0]!.claimedBy });
    await markSent(t.db, second, { platform: 'telegram', messageRef: 'ok', at: now });
    expect(await t.db.reminder.findUniqueOrThrow({ where: { id: first[0]!.id } })).toMatchObject({ state: 'sent', messageRef: 'ok' });
  });
});
