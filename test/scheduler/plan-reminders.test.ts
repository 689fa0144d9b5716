import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPlanFile } from '../../src/plan-file/read.js';
import { WorkingCalendar } from '../../src/domain/calendar.js';
import { DEFAULT_REMINDER_SETTINGS } from '../../src/domain/reminder-settings.js';
import { planReminders } from '../../src/scheduler/plan-reminders.js';
import { snapshotOfPlanFile } from '../../bench/plan-snapshot.js';

const root = path.resolve(import.meta.dirname, '..', '..');

/** The plan file as a snapshot with nothing reported (the planner needs no database). */
const snapshotOf = snapshotOfPlanFile;

describe('reminder planning', () => {
  it('never plans a reminder on a weekend, a national holiday or the patron day, and gives each phase its ladder (Segrate 2022)', async () => {
    const plan = (await readPlanFile(path.join(root, 'examples', 'segrate-pdo-2022.json'))).plan;
    const calendar = new WorkingCalendar({ patronDay: '06-24' });
    const reminders = planReminders({ snapshot: snapshotOf(plan), settings: DEFAULT_REMINDER_SETTINGS, calendar, from: '2022-01-01', to: '2023-03-31' });
    expect(reminders.length).toBeGreaterThan(1000);
    for (const r of reminders) expect(calendar.whyClosed(r.dueDate), `${r.key}`).toBeNull();
    expect(reminders.some((r) => r.dueDate === '2022-06-24')).toBe(false);
    // AGSC-1 phase 1 is due 31/05/2022 (100% in May): 5 and 1 working days before, the day, 3 follow-ups, 2 escalations.
    const ladder = reminders.filter((r) => r.subject === 'phase:AGSC-1/1').map((r) => `${r.step} ${r.dueDate} ${r.recipient}`);
    expect(ladder).toEqual([
      'lead-5 2022-05-24 bossi-c',
      'lead-1 2022-05-30 bossi-c',
      'due 2022-05-31 bossi-c',
      'follow-1 2022-06-03 bossi-c', // 1/6 Wed, 2/6 Festa della Repubblica, 3/6 Fri
      'follow-2 2022-06-07 bossi-c',
      'follow-3 2022-06-09 bossi-c',
      'escalate-dirigente 2022-06-13 bellagamba-p',
      'escalate-coordinator 2022-06-15 coord-1',
    ]);
    // Every reminder is at 09:30 in Rome (07:30Z in summer, 08:30Z in winter).
    for (const r of reminders) expect(calendar.localTimeOf(r.sendAt)).toBe('09:30');
  });

  it('asks every reporter on the first working day after a monitoring date', async () => {
    const plan = (await readPlanFile(path.join(root, 'examples', 'segrate-pdo-2022.json'))).plan;
    const reminders = planReminders({ snapshot: snapshotOf(plan), settings: DEFAULT_REMINDER_SETTINGS, calendar: new WorkingCalendar(), from: '2022-08-01', to: '2022-08-01' });
    const asks = reminders.filter((r) => r.kind === 'checkpoint' && r.step === 'ask');
    // 31/07/2022 is a Sunday: the ask goes out on Monday 1/08.
    expect(asks.every((r) => r.dueDate === '2022-08-01')).toBe(true);
    expect(asks.some((r) => r.subject === 'indicator:AGSC-1/a@2022-07-31' && r.recipient === 'bossi-c')).toBe(true);
  });

  it("routes November reminders to the dirigente who took over on 1/11 (Terre d'Argine RU)", async () => {
    const plan = (await readPlanFile(path.join(root, 'examples', 'terre-argine-2020.json'))).plan;
    const reminders = planReminders({ snapshot: snapshotOf(plan), settings: DEFAULT_REMINDER_SETTINGS, calendar: new WorkingCalendar(), from: '2020-10-01', to: '2020-12-31' });
    const ru = reminders.filter((r) => r.reason.objective.startsWith('RU-') && r.step !== 'escalate-coordinator');
    const october = ru.filter((r) => r.dueDate < '2020-11-01');
    const november = ru.filter((r) => r.dueDate >= '2020-11-01');
    expect(october.length).toBeGreaterThan(0);
    expect(november.length).toBeGreaterThan(0);
    expect(new Set(october.map((r) => r.recipient))).toEqual(new Set(['farina-ml']));
    expect(new Set(november.map((r) => r.recipient))).toEqual(new Set(['ferrari-m']));
  });

  it('routes an absent person\'s reminders to the deputy, and holds them until return when there is none', async () => {
    const plan = (await readPlanFile(path.join(root, 'test', 'fixtures', 'checkin-plan.yaml'))).plan;
    const calendar = new WorkingCalendar({ patronDay: '06-24' });
    const anna = plan.people.find((p) => p.code === 'verdi-a')!;
    // On leave when the 31/07 values are asked (1/08) and followed up (3/08, 5/08).
    anna.absences = [{ from: '2022-08-01', to: '2022-08-20', deputy: 'neri-b' }];
    const during = planReminders({ snapshot: snapshotOf(plan), settings: DEFAULT_REMINDER_SETTINGS, calendar, from: '2022-08-01', to: '2022-08-09' });
    const forAnna = during.filter((r) => r.reason.objective === 'RU-1' && (r.step === 'ask' || r.step.startsWith('follow')));
    expect(forAnna.map((r) => r.dueDate).sort()).toContain('2022-08-03');
    expect(forAnna.every((r) => r.recipient === 'neri-b' && r.onBehalfOf === 'verdi-a')).toBe(true);

    anna.absences = [{ from: '2022-08-01', to: '2022-08-20' }];
    const held = planReminders({ snapshot: snapshotOf(plan), settings: DEFAULT_REMINDER_SETTINGS, calendar, from: '2022-08-01', to: '2022-08-31' }).filter((r) => r.recipient === 'verdi-a');
    expect(held.some((r) => r.dueDate >= '2022-08-10' && r.dueDate <= '2022-08-20')).toBe(false);
    // 20/08 is a Saturday: back on Monday 22/08.
    expect(held.filter((r) => r.reason.heldFrom).every((r) => r.dueDate === '2022-08-22')).toBe(true);
    expect(held.some((r) => r.reason.heldFrom)).toBe(true);
  });

  it('plans nothing when paused, and nothing for a paused person', async () => {
    const plan = (await readPlanFile(path.join(root, 'test', 'fixtures', 'checkin-plan.yaml'))).plan;
    const args = { snapshot: snapshotOf(plan), calendar: new WorkingCalendar(), from: '2022-01-01', to: '2022-12-31' };
    expect(planReminders({ ...args, settings: { ...DEFAULT_REMINDER_SETTINGS, paused: true } })).toEqual([]);
    const all = planReminders({ ...args, settings: DEFAULT_REMINDER_SETTINGS });
    const withoutAnna = planReminders({ ...args, settings: { ...DEFAULT_REMINDER_SETTINGS, pausedPeople: ['verdi-a'] } });
    expect(all.some((r) => r.recipient === 'verdi-a')).toBe(true);
    expect(withoutAnna.some((r) => r.recipient === 'verdi-a')).toBe(false);
  });

  it('gives the same rows when planned twice (stable unique keys)', async () => {
    const plan = (await readPlanFile(path.join(root, 'examples', 'segrate-pdo-2022.json'))).plan;
    const args = { snapshot: snapshotOf(plan), settings: DEFAULT_REMINDER_SETTINGS, calendar: new WorkingCalendar(), from: '2022-01-01', to: '2022-12-31' };
    const first = planReminders(args);
    expect(planReminders(args)).toEqual(first);
    expect(new Set(first.map((r) => r.key)).size).toBe(first.length);
  });
});

describe('reminder planning options', () => {
  it('asks for progress at the month ends of a phase with monthly increments when the ente wants it', async () => {
    const plan = (await readPlanFile(path.join(root, 'test', 'fixtures', 'checkin-plan.yaml'))).plan;
    const args = { snapshot: snapshotOf(plan), calendar: new WorkingCalendar({ patronDay: '06-24' }), from: '2022-01-01', to: '2022-12-31' };
    expect(planReminders({ ...args, settings: DEFAULT_REMINDER_SETTINGS }).some((r) => r.kind === 'month_end')).toBe(false);
    const monthEnds = planReminders({ ...args, settings: { ...DEFAULT_REMINDER_SETTINGS, monthEndAsks: true } }).filter((r) => r.kind === 'month_end');
    // Phase 1 (March 50, April 50: deadline 30/04) asks at the end of March; phase 2 (June 40, September 60) at the end of June.
    expect(monthEnds.map((r) => `${r.subject} ${r.dueDate}`)).toEqual(['phase:RU-1/1@2022-03 2022-03-31', 'phase:RU-1/2@2022-06 2022-06-30']);
  });

  it('tells the coordinators when a deadline passes while the person is away with no deputy', async () => {
    const plan = (await readPlanFile(path.join(root, 'examples', 'segrate-pdo-2022.json'))).plan;
    plan.people.find((p) => p.code === 'bossi-c')!.absences = [{ from: '2022-05-20', to: '2022-06-10' }];
    const reminders = planReminders({ snapshot: snapshotOf(plan), settings: DEFAULT_REMINDER_SETTINGS, calendar: new WorkingCalendar(), from: '2022-05-01', to: '2022-06-30' });
    const notice = reminders.filter((r) => r.step === 'held-notice' && r.subject === 'phase:AGSC-1/1');
    expect(notice.map((r) => `${r.recipient} ${r.dueDate}`)).toEqual(['coord-1 2022-05-31']);
    expect(reminders.filter((r) => r.recipient === 'bossi-c' && r.dueDate >= '2022-05-20' && r.dueDate <= '2022-06-10')).toEqual([]);
  });
});
