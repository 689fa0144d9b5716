/**
 * Pins what the reminder planner plans, so a change to its speed (or anything else) that changes a
 * single reminder shows up: Segrate's year as one line per send instant and step, and for other plans, settings
 * and windows a count and a hash of the whole output (keys, send instants, reasons).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../src/domain/calendar.js';
import type { PlanSnapshot } from '../../src/domain/plan-state.js';
import { DEFAULT_REMINDER_SETTINGS, type ReminderSettings } from '../../src/domain/reminder-settings.js';
import { readPlanFile } from '../../src/plan-file/read.js';
import { planReminders, type PlannedReminder } from '../../src/scheduler/plan-reminders.js';
import { generatePlan } from '../../bench/generated-plan.js';
import { snapshotOfPlanFile } from '../../bench/plan-snapshot.js';
import { checkGolden } from '../support/golden.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const golden = (name: string) => path.join(root, 'test', 'golden', name);

/** One line per send instant and step: how many reminders and to whom (× how many). */
function summary(reminders: PlannedReminder[]): string[] {
  const groups = new Map<string, Map<string, number>>();
  for (const r of reminders) {
    const group = `${r.sendAt.toISOString()} ${r.kind} ${r.step}`;
    const recipients = groups.get(group) ?? new Map<string, number>();
    const who = r.onBehalfOf ? `${r.recipient} for ${r.onBehalfOf}` : r.recipient;
    recipients.set(who, (recipients.get(who) ?? 0) + 1);
    groups.set(group, recipients);
  }
  return [...groups].map(([group, recipients]) => {
    const total = [...recipients.values()].reduce((a, b) => a + b, 0);
    const who = [...recipients].sort(([a], [b]) => a.localeCompare(b)).map(([person, n]) => (n > 1 ? `${person} ×${n}` : person));
    return `${group}: ${total} (${who.join(', ')})`;
  });
}

function fingerprint(reminders: PlannedReminder[]): string {
  return `${reminders.length} reminders, sha256 ${createHash('sha256').update(JSON.stringify(reminders)).digest('hex')}`;
}

async function segrate(): Promise<PlanSnapshot> {
  return snapshotOfPlanFile((await readPlanFile(path.join(root, 'examples', 'segrate-pdo-2022.json'))).plan);
}

/**
 * Segrate with something of everything the planner looks at: absences with a deputy, with an absent
 * deputy and with none (one across the 1/08 window start, so a question held from July is sent in
 * August), phases reported done or in part, indicators answered, a dirigente who changes mid-year.
 */
async function busySegrate(): Promise<PlanSnapshot> {
  const snapshot = await segrate();
  const person = (code: string) => snapshot.people.find((p) => p.code === code)!;
  person('bossi-c').absences = [{ from: '2022-05-25', to: '2022-06-06', deputy: 'montini-r' }];
  person('calvano-a').absences = [
    { from: '2022-02-20', to: '2022-03-04', deputy: 'larocca-m' },
    { from: '2022-07-25', to: '2022-08-12' },
  ];
  person('larocca-m').absences = [{ from: '2022-03-01', to: '2022-03-10' }];
  person('gerli-m').absences = [{ from: '2022-11-28', to: '2023-01-09' }];
  snapshot.roles = snapshot.roles.map((r) => (r.role === 'dirigente' && r.orgUnit === 'TSE' ? { ...r, to: '2022-09-30' } : r));
  snapshot.roles.push({ person: 'zordan-f', role: 'dirigente', orgUnit: 'TSE', from: '2022-10-01' });
  const recordedAt = '2022-08-01T10:00:00.000Z';
  snapshot.phaseProgress = [
    { objective: 'AGSC-1', phase: '1', asOf: '2022-05-20', pct: 100, channel: 'test', recordedAt },
    { objective: 'AGSC-1', phase: '2', asOf: '2022-06-15', pct: 60, channel: 'test', recordedAt },
    { objective: 'AGSC-4', phase: '1', asOf: '2022-07-31', pct: 40, channel: 'test', recordedAt },
    { objective: 'TSE-1', phase: '3', asOf: '2022-08-05', pct: 100, channel: 'test', recordedAt },
    { objective: 'SAPS-2', phase: '1', asOf: '2022-12-31', pct: 80, channel: 'test', recordedAt },
  ];
  snapshot.measurements = [
    { objective: 'AGSC-1', indicator: 'a', asOf: '2022-07-31', raw: '10', value: null, status: 'measured', channel: 'test', recordedAt },
    { objective: 'STAFF-2', indicator: 'b', asOf: '2022-12-31', raw: '3', value: null, status: 'measured', channel: 'test', recordedAt },
  ];
  return snapshot;
}

/** Non-default settings: three lead days, a send time in the quiet hours, month-end asks, a closure. */
const BUSY_SETTINGS: ReminderSettings = { ...DEFAULT_REMINDER_SETTINGS, leadDays: [10, 5, 1], sendTime: '07:15', monthEndAsks: true, followUpEvery: 3, closures: ['2022-12-23', '2022-08-16'] };

function calendarFor(snapshot: PlanSnapshot, settings: ReminderSettings): WorkingCalendar {
  return new WorkingCalendar({ timezone: snapshot.ente.timezone, patronDay: '06-24', closures: settings.closures });
}

/** The 60-day windows the scheduler plans, one starting on the 1st of each month of 2022, and two short ones. */
const WINDOWS: Array<[string, string]> = [
  ...Array.from({ length: 12 }, (_, m): [string, string] => {
    const from = new Date(Date.UTC(2022, m, 1));
    const to = new Date(Date.UTC(2022, m, 60));
    return [from.toISOString().slice(0, 10), to.toISOString().slice(0, 10)];
  }),
  ['2022-08-01', '2022-08-01'],
  ['2022-06-01', '2022-06-07'],
];

describe('reminder planning, pinned', () => {
  it("plans Segrate's 2022 reminders as the golden file lists them", async () => {
    const reminders = planReminders({ snapshot: await segrate(), settings: DEFAULT_REMINDER_SETTINGS, calendar: new WorkingCalendar({ patronDay: '06-24' }), from: '2022-01-01', to: '2023-01-31' });
    expect(reminders.length).toBeGreaterThan(1000);
    checkGolden(golden('reminders-segrate-2022.txt'), [...summary(reminders), fingerprint(reminders), ''].join('\n'));
  });

  it('plans the same reminders for a Segrate with absences, reports and a new dirigente, in every 60-day window', async () => {
    const snapshot = await busySegrate();
    const year = planReminders({ snapshot, settings: BUSY_SETTINGS, calendar: calendarFor(snapshot, BUSY_SETTINGS), from: '2022-01-01', to: '2023-01-31' });
    const lines = [`2022-01-01 → 2023-01-31: ${fingerprint(year)}`];
    for (const [from, to] of WINDOWS) lines.push(`${from} → ${to}: ${fingerprint(planReminders({ snapshot, settings: BUSY_SETTINGS, calendar: calendarFor(snapshot, BUSY_SETTINGS), from, to }))}`);
    checkGolden(golden('reminders-segrate-2022-busy.txt'), [...lines, ''].join('\n'));
  });

  it('plans, in a window, exactly the reminders of the whole year that fall in it (held questions included)', async () => {
    const snapshot = await busySegrate();
    const year = planReminders({ snapshot, settings: BUSY_SETTINGS, calendar: calendarFor(snapshot, BUSY_SETTINGS), from: '2021-12-01', to: '2023-03-31' });
    expect(year.some((r) => r.reason.heldFrom !== undefined && r.reason.heldFrom < '2022-08-01' && r.dueDate >= '2022-08-01')).toBe(true);
    for (const [from, to] of WINDOWS) {
      const windowed = planReminders({ snapshot, settings: BUSY_SETTINGS, calendar: calendarFor(snapshot, BUSY_SETTINGS), from, to });
      expect(windowed, `${from} → ${to}`).toEqual(year.filter((r) => r.dueDate >= from && r.dueDate <= to));
    }
  });

  it('plans the generated 300-objective plan as pinned, over the year and over a week', () => {
    const snapshot = snapshotOfPlanFile(generatePlan(300, 1));
    const plan = (from: string, to: string) => planReminders({ snapshot, settings: DEFAULT_REMINDER_SETTINGS, calendar: calendarFor(snapshot, DEFAULT_REMINDER_SETTINGS), from, to });
    const year = plan('2022-01-01', '2023-01-31');
    const steps = new Map<string, number>();
    for (const r of year) steps.set(`${r.kind} ${r.step}`, (steps.get(`${r.kind} ${r.step}`) ?? 0) + 1);
    const lines = [
      `2022-01-01 → 2023-01-31: ${fingerprint(year)}`,
      ...[...steps].sort(([a], [b]) => a.localeCompare(b)).map(([step, n]) => `  ${step}: ${n}`),
      `2022-06-01 → 2022-06-07: ${fingerprint(plan('2022-06-01', '2022-06-07'))}`,
    ];
    checkGolden(golden('reminders-generated-300.txt'), [...lines, ''].join('\n'));
  });
});
