/**
 * Re-planning writes only the difference: after a change to what is planned, exactly the rows that
 * changed are created, moved or cancelled (and stamped), the others are not written at all; rows
 * being retried, sent or failed are never touched. Sizes cross the bulk writer's statement size, so
 * more than one statement of each kind runs.
 */
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { readPlanFile } from '../../src/plan-file/read.js';
import { importPlan } from '../../src/db/plan-import.js';
import { syncReminders, type PlannedRow } from '../../src/db/reminder-store.js';
import { seededDatabaseEachTest } from '../support/test-database.js';

const plan = path.resolve(import.meta.dirname, '..', 'fixtures', 'checkin-plan.yaml');
const WINDOW = { from: '2022-08-01', to: '2022-09-30' };
/** More rows than one bulk statement holds (5,000), so every write runs in several statements. */
const ROWS = 12_000;

// the plan imported once for the file, a copy of it for each test
const t = seededDatabaseEachTest(async (db) => void (await importPlan(db, (await readPlanFile(plan)).plan, { actor: 'test', reason: 'test' })));
let enteId: number;
beforeEach(async () => {
  enteId = (await t.db.ente.findFirstOrThrow()).id;
});

function row(i: number): PlannedRow {
  const dueDate = `2022-08-${String(1 + (i % 28)).padStart(2, '0')}`;
  return {
    key: `sync|checkpoint|indicator:RU-1/a#${i}|p${i % 40}|${i}`,
    kind: 'checkpoint',
    subject: `indicator:RU-1/a#${i}`,
    recipient: `p${i % 40}`,
    ...(i % 7 === 0 ? { onBehalfOf: `p${(i + 1) % 40}` } : {}),
    dueDate,
    step: 'ask',
    sendAt: new Date(`${dueDate}T07:30:00Z`),
    reason: { objective: 'RU-1', item: { kind: 'indicator', code: 'a' }, checkpoint: '2022-07-31', n: i },
  };
}

/** Every row's stored state, by key. */
async function stored() {
  const rows = await t.db.reminder.findMany({ where: { enteId } });
  return new Map(rows.map((r) => [r.key, r]));
}

describe('re-planning writes only the difference', () => {
  it('creates, moves and cancels exactly the rows that changed, in bulk, and leaves the rest unwritten', async () => {
    const first = Array.from({ length: ROWS }, (_, i) => row(i));
    expect(await syncReminders(t.db, enteId, first, WINDOW)).toEqual({ created: ROWS, cancelled: 0, unchanged: 0 });
    const created = await stored();
    expect(created.size).toBe(ROWS);
    // What was planned is what is stored, field by field.
    for (const p of [first[0]!, first[7]!, first[ROWS - 1]!]) {
      expect(created.get(p.key)).toMatchObject({ kind: p.kind, subject: p.subject, recipient: p.recipient, onBehalfOf: p.onBehalfOf ?? null, dueDate: p.dueDate, step: p.step, sendAt: p.sendAt, reason: p.reason, state: 'pending', attempts: 0 });
    }
    // Rows the dispatcher owns now: one being retried, one sent, one failed — none may change.
    const [retried, sent, failed] = [first[1]!, first[2]!, first[3]!];
    await t.db.reminder.update({ where: { key: retried.key }, data: { attempts: 1 } });
    await t.db.reminder.update({ where: { key: sent.key }, data: { state: 'sent' } });
    await t.db.reminder.update({ where: { key: failed.key }, data: { state: 'failed' } });
    const before = await stored();

    // The change: every third row dropped, every fifth (not dropped) moved an hour or a day, new rows added.
    const dropped = new Set(first.filter((_, i) => i % 3 === 0).map((p) => p.key));
    const movedKeys = new Set(first.filter((_, i) => i % 3 !== 0 && i % 5 === 0).map((p) => p.key));
    const added = Array.from({ length: 6_000 }, (_, i) => row(ROWS + i));
    const move = (p: PlannedRow, i: number): PlannedRow => {
      if (i % 2) return { ...p, sendAt: new Date(p.sendAt.getTime() + 3_600_000) };
      const dueDate = `2022-09-${p.dueDate.slice(8)}`;
      return { ...p, dueDate, sendAt: new Date(`${dueDate}T07:30:00Z`) };
    };
    const second = [...first.filter((p) => !dropped.has(p.key)).map((p, i) => (movedKeys.has(p.key) ? move(p, i) : p)), ...added];
    const pendingDropped = [...dropped].filter((key) => before.get(key)!.state === 'pending');
    const movable = [...movedKeys].filter((key) => before.get(key)!.state === 'pending' && before.get(key)!.attempts === 0);
    const result = await syncReminders(t.db, enteId, second, WINDOW);
    expect(result).toEqual({ created: added.length, cancelled: pendingDropped.length, moved: movable.length, unchanged: second.length - added.length - movable.length });

    const after = await stored();
    expect(after.size).toBe(ROWS + added.length);
    const written = [...after.values()].filter((r) => before.has(r.key) && r.updatedAt.getTime() !== before.get(r.key)!.updatedAt.getTime()).map((r) => r.key);
    expect(new Set(written)).toEqual(new Set([...pendingDropped, ...movable]));
    for (const key of pendingDropped) expect(after.get(key)!.state).toBe('cancelled');
    const plannedNow = new Map(second.map((p) => [p.key, p]));
    for (const key of movable) expect(after.get(key)).toMatchObject({ state: 'pending', dueDate: plannedNow.get(key)!.dueDate, sendAt: plannedNow.get(key)!.sendAt });
    for (const p of [retried, sent, failed]) expect(after.get(p.key)).toEqual(before.get(p.key));
    for (const p of added) expect(after.get(p.key)).toMatchObject({ state: 'pending', dueDate: p.dueDate, sendAt: p.sendAt, reason: p.reason });

    // The same plan again writes nothing.
    expect(await syncReminders(t.db, enteId, second, WINDOW)).toEqual({ created: 0, cancelled: 0, unchanged: second.length });
    const again = await stored();
    expect([...again.values()].filter((r) => r.updatedAt.getTime() !== after.get(r.key)!.updatedAt.getTime())).toEqual([]);
  }, 120_000);

  it('finds a digest row outside the window by its key and moves it instead of adding a second one', async () => {
    const digest = (dueDate: string): PlannedRow => ({ key: 'sync|digest|digest:S1@2022-W31|c1', kind: 'digest', subject: 'digest:S1@2022-W31', recipient: 'c1', dueDate, step: 'weekly', sendAt: new Date(`${dueDate}T06:30:00Z`), reason: { scope: 'sector', sector: 'S1', week: '2022-W31' } });
    await syncReminders(t.db, enteId, [digest('2022-08-01')], { from: '2022-08-01', to: '2022-08-01' });
    await t.db.reminder.updateMany({ data: { state: 'cancelled' } });
    // Planned again from the next day (digest switched on again, its day moved to Tuesday): the cancelled row is pending again, moved.
    expect(await syncReminders(t.db, enteId, [digest('2022-08-02')], { from: '2022-08-02', to: '2022-08-30' })).toEqual({ created: 0, cancelled: 0, unchanged: 0, moved: 1 });
    expect(await t.db.reminder.findMany()).toEqual([expect.objectContaining({ state: 'pending', dueDate: '2022-08-02', sendAt: new Date('2022-08-02T06:30:00Z') })]);
  });
});
