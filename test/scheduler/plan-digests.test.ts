import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPlanFile } from '../../src/plan-file/read.js';
import type { PlanFile } from '../../src/plan-file/schema.js';
import { WorkingCalendar } from '../../src/domain/calendar.js';
import { DEFAULT_REMINDER_SETTINGS, reminderSettingsSchema, type ReminderSettings } from '../../src/domain/reminder-settings.js';
import { planDigests } from '../../src/scheduler/plan-digests.js';
import { describeSettingsError, parseSettingsChange } from '../../src/domain/reminder-settings-change.js';
import { translator } from '../../src/i18n/messages.js';
import { describeSettings } from '../../src/domain/reminder-settings-description.js';
import { snapshotOfPlanFile } from '../../bench/plan-snapshot.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const segrateFile = path.join(root, 'examples', 'segrate-pdo-2022.json');
/** Segrate's sectors with objectives (the report's, as the sector digest golden test lists them). */
const SEGRATE_SECTORS = ['AGSC', 'AVV', 'SAPS', 'STAFF', 'TSE'];

/** The plan file as a snapshot with nothing reported (the planner needs no database). */
const snapshotOf = snapshotOfPlanFile;

async function segrate(from: string, to: string, settings: ReminderSettings = DEFAULT_REMINDER_SETTINGS, change?: (plan: PlanFile) => void) {
  const plan = (await readPlanFile(segrateFile)).plan;
  change?.(plan);
  return planDigests({ snapshot: snapshotOf(plan), settings, calendar: new WorkingCalendar({ timezone: 'Europe/Rome' }), from, to });
}

/** Every Monday of 2022, written out by a plain UTC date loop (not the planner's luxon weeks). */
function mondaysOf2022(): string[] {
  const out: string[] = [];
  for (let d = new Date(Date.UTC(2022, 0, 1)); d.getUTCFullYear() === 2022; d = new Date(d.getTime() + 86_400_000)) if (d.getUTCDay() === 1) out.push(d.toISOString().slice(0, 10));
  return out;
}

describe('weekly digest planning (Segrate 2022)', () => {
  it('sends on Mondays at 08:30 in Rome, on the Tuesday when the Monday is a holiday', async () => {
    const rows = await segrate('2022-01-01', '2022-12-31');
    // The Mondays of 2022 that are national holidays, and the working day after each.
    const shifted: Record<string, string> = { '2022-04-18': '2022-04-19', '2022-04-25': '2022-04-26', '2022-08-15': '2022-08-16', '2022-12-26': '2022-12-27' };
    const expected = mondaysOf2022().map((monday) => shifted[monday] ?? monday);
    expect(expected).toHaveLength(52);
    const ente = rows.filter((r) => r.subject.startsWith('digest:ente@'));
    expect(ente.map((r) => r.dueDate)).toEqual(expected);
    expect(ente.find((r) => r.dueDate === '2022-04-19')!.subject).toBe('digest:ente@2022-W16');
    const rome = new WorkingCalendar();
    for (const r of rows) expect(rome.localTimeOf(r.sendAt), r.key).toBe('08:30');
    // 08:30 in Rome is 07:30Z in winter and 06:30Z in summer (DST from 27/03 to 30/10/2022).
    const at = (date: string) => ente.find((r) => r.dueDate === date)!.sendAt.toISOString();
    expect(at('2022-01-03')).toBe('2022-01-03T07:30:00.000Z');
    expect(at('2022-03-21')).toBe('2022-03-21T07:30:00.000Z');
    expect(at('2022-03-28')).toBe('2022-03-28T06:30:00.000Z');
    expect(at('2022-04-19')).toBe('2022-04-19T06:30:00.000Z');
    expect(at('2022-10-24')).toBe('2022-10-24T06:30:00.000Z');
    expect(at('2022-10-31')).toBe('2022-10-31T07:30:00.000Z');
  });

  it('gives each sector digest to its coordinators (the ente-wide one and the STAFF one) and the ente summary to the ente-wide one', async () => {
    const rows = await segrate('2022-04-18', '2022-04-24');
    const pairs = rows.map((r) => `${r.subject} ${r.recipient}`).sort();
    expect(pairs).toEqual(
      [...SEGRATE_SECTORS.map((s) => `digest:${s}@2022-W16 coord-1`), 'digest:STAFF@2022-W16 coord-2', 'digest:ente@2022-W16 coord-1'].sort(),
    );
    expect(rows.every((r) => r.kind === 'digest' && r.dueDate === '2022-04-19')).toBe(true);
  });

  it('uses the coordinators valid on the due date', async () => {
    const rows = await segrate('2022-05-23', '2022-06-12', DEFAULT_REMINDER_SETTINGS, (plan) => {
      plan.roles.push({ person: 'bossi-c', role: 'coordinator', orgUnit: 'TSE', from: '2022-06-01' });
      plan.roles.push({ person: 'caretti-a', role: 'coordinator', to: '2022-05-31' });
    });
    const of = (person: string) => rows.filter((r) => r.recipient === person).map((r) => `${r.dueDate} ${r.subject}`);
    // TSE's coordinator from 1/06 (2/06 is a holiday, but the digest is on Mondays: 6/06).
    expect(of('bossi-c')).toEqual(['2022-06-06 digest:TSE@2022-W23']);
    // Ente-wide until 31/05: every sector and the summary on 23/05 and 30/05, nothing from June.
    const caretti = of('caretti-a');
    expect(caretti).toHaveLength(2 * (SEGRATE_SECTORS.length + 1));
    expect(caretti.every((r) => r < '2022-06-01')).toBe(true);
  });

  it('plans nothing when the digest is off or reminders are paused, and nothing for a paused person', async () => {
    expect(await segrate('2022-01-01', '2022-12-31', reminderSettingsSchema.parse({ digest: { enabled: false } }))).toEqual([]);
    expect(await segrate('2022-01-01', '2022-12-31', { ...DEFAULT_REMINDER_SETTINGS, paused: true })).toEqual([]);
    const withoutCoord2 = await segrate('2022-01-01', '2022-12-31', { ...DEFAULT_REMINDER_SETTINGS, pausedPeople: ['coord-2'] });
    expect(withoutCoord2.length).toBeGreaterThan(0);
    expect(withoutCoord2.some((r) => r.recipient === 'coord-2')).toBe(false);
  });

  it('gives the same rows when planned twice, one key per (sector, week, recipient) whatever the day', async () => {
    const first = await segrate('2022-01-01', '2022-12-31');
    expect(await segrate('2022-01-01', '2022-12-31')).toEqual(first);
    expect(new Set(first.map((r) => r.key)).size).toBe(first.length);
    expect(first).toHaveLength(52 * (SEGRATE_SECTORS.length + 2));
    // On Tuesdays at 09:00 the same weeks have the same keys, on other days.
    const tuesdays = await segrate('2022-01-01', '2022-12-31', { ...DEFAULT_REMINDER_SETTINGS, digest: { enabled: true, weekday: 2, time: '09:00' } });
    expect(tuesdays.map((r) => r.key).sort()).toEqual(first.map((r) => r.key).sort());
    const rome = new WorkingCalendar();
    // 1/11/2022 (Ognissanti) is a Tuesday: that week's digest goes out on Wednesday.
    expect(tuesdays.filter((r) => r.subject === 'digest:ente@2022-W44').map((r) => r.dueDate)).toEqual(['2022-11-02']);
    for (const r of tuesdays) expect(`${rome.whyClosed(r.dueDate) ?? 'open'} ${rome.localTimeOf(r.sendAt)}`).toBe('open 09:00');
  });

  it('never sends in quiet hours: a digest set at 07:00 goes out when they end', async () => {
    const rows = await segrate('2022-04-01', '2022-04-30', { ...DEFAULT_REMINDER_SETTINGS, digest: { enabled: true, weekday: 1, time: '07:00' } });
    const rome = new WorkingCalendar();
    expect(new Set(rows.map((r) => rome.localTimeOf(r.sendAt)))).toEqual(new Set([DEFAULT_REMINDER_SETTINGS.quietHours.to]));
  });
});

describe('digest settings', () => {
  const people = new Set(['coord-1']);

  it('sends this week\'s digest today when its day was moved to one already past, and never a second one for a week', async () => {
    const wednesday = { ...DEFAULT_REMINDER_SETTINGS, digest: { enabled: true, weekday: 3, time: '08:30' } };
    // Planned on Tuesday 15/03 with Wednesday as the day: 16/03 and 23/03.
    const before = await segrate('2022-03-15', '2022-03-27', wednesday);
    expect([...new Set(before.filter((r) => r.subject.startsWith('digest:ente@')).map((r) => `${r.subject} ${r.dueDate}`))]).toEqual(['digest:ente@2022-W11 2022-03-16', 'digest:ente@2022-W12 2022-03-23']);
    // Moved to Monday on Tuesday: week 11's digest goes today (the same key: if it was sent, it is not sent again).
    const after = await segrate('2022-03-15', '2022-03-27');
    expect([...new Set(after.filter((r) => r.subject.startsWith('digest:ente@')).map((r) => `${r.subject} ${r.dueDate}`))]).toEqual(['digest:ente@2022-W11 2022-03-15', 'digest:ente@2022-W12 2022-03-21']);
    expect(after.map((r) => r.key)).toEqual(expect.arrayContaining(before.filter((r) => r.subject.endsWith('W11')).map((r) => r.key)));
    // Planned on a Saturday: the next working day is in the next week, which has its own digest.
    expect((await segrate('2022-03-19', '2022-03-20')).length).toBe(0);
  });

  it('default to Mondays at 08:30, also for settings stored before the digest existed', () => {
    expect(DEFAULT_REMINDER_SETTINGS.digest).toEqual({ enabled: true, weekday: 1, time: '08:30' });
    const stored = { leadDays: [3], sendTime: '10:00', paused: false };
    expect(reminderSettingsSchema.parse(stored).digest).toEqual({ enabled: true, weekday: 1, time: '08:30' });
    expect(reminderSettingsSchema.parse({ digest: { weekday: 3 } }).digest).toEqual({ enabled: true, weekday: 3, time: '08:30' });
    expect(reminderSettingsSchema.safeParse({ digest: { weekday: 8 } }).success).toBe(false);
    expect(reminderSettingsSchema.safeParse({ digest: { time: '8:30' } }).success).toBe(false);
  });

  it('are changed by administrators in Italian or English', () => {
    const change = (text: string, current = DEFAULT_REMINDER_SETTINGS) => parseSettingsChange(text, current, people);
    expect(change('digest martedì 09:00')).toEqual({ ok: true, patch: { digest: { enabled: true, weekday: 2, time: '09:00' } } });
    expect(change('digest Tuesday 09:00')).toEqual({ ok: true, patch: { digest: { enabled: true, weekday: 2, time: '09:00' } } });
    expect(change('digest 9:15 venerdi')).toEqual({ ok: true, patch: { digest: { enabled: true, weekday: 5, time: '09:15' } } });
    expect(change('digest lunedì 08:30')).toEqual({ ok: true, patch: { digest: { enabled: true, weekday: 1, time: '08:30' } } });
    expect(change('digest off')).toEqual({ ok: true, patch: { digest: { enabled: false, weekday: 1, time: '08:30' } } });
    const off = { ...DEFAULT_REMINDER_SETTINGS, digest: { enabled: false, weekday: 4, time: '11:00' } };
    // Switched back on as it was; naming a day switches it on and keeps the time.
    expect(change('digest on', off)).toEqual({ ok: true, patch: { digest: { enabled: true, weekday: 4, time: '11:00' } } });
    expect(change('digest friday', off)).toEqual({ ok: true, patch: { digest: { enabled: true, weekday: 5, time: '11:00' } } });
  });

  it('refuse what is not a weekday or a time, saying what was expected', () => {
    const error = (text: string) => {
      const result = parseSettingsChange(text, DEFAULT_REMINDER_SETTINGS, people);
      return result.ok ? 'accepted' : describeSettingsError(result.error, translator('en'));
    };
    expect(error('digest')).toMatch(/^digest: expected on, off, or a weekday and\/or a time, e\.g\. lunedì 08:30/);
    expect(error('digest lunedi 25:00')).toBe('digest: «25:00» is not a time of day: expected HH:MM, e.g. 08:30');
    expect(error('digest mondey')).toMatch(/^digest: «mondey» is neither a weekday nor a time/);
    expect(error('digest lunedì martedì')).toMatch(/^digest: two weekdays given/);
    expect(error('digest 08:30 09:00')).toMatch(/^digest: two times given/);
    // A weekend day would silently become Monday (digests go out on working days).
    expect(error('digest sabato')).toMatch(/^digest: «sabato» is not a working day/);
    expect(error('digest Sunday 09:00')).toMatch(/^digest: «Sunday» is not a working day/);
  });

  it('are shown the way they are typed', () => {
    expect(describeSettings(DEFAULT_REMINDER_SETTINGS).split('\n')).toContain('digest lunedì 08:30');
    expect(describeSettings({ ...DEFAULT_REMINDER_SETTINGS, digest: { enabled: false, weekday: 2, time: '09:00' } }).split('\n')).toContain('digest off (martedì 09:00)');
  });
});
