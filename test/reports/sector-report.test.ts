/**
 * A sector's report computed from its own objectives only (src/reports/sector-report.ts) gives the
 * sector's digest of the full report, character for character: the golden files of every example
 * sector (transversal objectives, sub-units, reported values) and a generated plan with answers.
 */
import { describe, expect, it } from 'vitest';
import { loadPlanSnapshot, loadSectorSnapshot, readPlanSnapshot } from '../../src/db/plan-repository.js';
import { forgetSnapshots } from '../../src/db/plan-snapshot-cache.js';
import { importPlan } from '../../src/db/plan-import.js';
import { generatePlan } from '../../src/plan-file/generate.js';
import { buildReport } from '../../src/reports/report.js';
import { buildSectorReport, sectorSnapshot } from '../../src/reports/sector-report.js';
import { buildSectorDigest } from '../../src/reports/digest.js';
import { renderDigestText } from '../../src/reports/digest-text.js';
import { checkGolden, goldenFile } from '../support/golden.js';
import { digestExamplesDatabase } from '../support/digest-examples.js';

const database = digestExamplesDatabase(async (db) => void (await importPlan(db, generatePlan(300, 10, { answered: true }), { actor: 'test', reason: 'test' })));

async function sectorTexts(ente: string, plan: string, at: string) {
  const snapshot = await loadPlanSnapshot(database().db, ente, plan);
  const names = new Map(snapshot.people.map((p) => [p.code, p.name]));
  const full = buildReport(snapshot, at);
  return full.sectors.map((s) => ({
    code: s.code,
    full: buildSectorDigest(full, snapshot, s.code),
    scoped: buildSectorDigest(buildSectorReport(snapshot, s.code, at), snapshot, s.code),
    text: (digest: ReturnType<typeof buildSectorDigest>) => renderDigestText(digest, names, 'it'),
  }));
}

describe("a sector's report from its own objectives", () => {
  it('gives every Segrate sector the digest of the golden files, transversal objective included', async () => {
    const sectors = await sectorTexts('segrate', 'pdo-2022', '2022-08-05');
    expect(sectors.map((s) => s.code)).toEqual(['AGSC', 'AVV', 'SAPS', 'STAFF', 'TSE']);
    for (const s of sectors) {
      checkGolden(goldenFile(`digest-segrate-${s.code}.txt`), s.text(s.scoped));
      expect(s.scoped).toEqual(s.full);
    }
  });

  it("gives every Terre d'Argine sector the digest of the golden files", async () => {
    const sectors = await sectorTexts('terre-argine', 'pp-2020', '2020-12-31');
    expect(sectors).toHaveLength(7);
    for (const s of sectors) {
      checkGolden(goldenFile(`digest-terre-argine-${s.code}.txt`), s.text(s.scoped));
      expect(s.scoped).toEqual(s.full);
    }
  });

  it('gives the full report’s digest for every sector of a generated plan with answers, at each checkpoint and in between', async () => {
    let pending = 0;
    let reported = 0;
    for (const at of ['2022-05-15', '2022-07-31', '2022-08-02', '2022-12-31']) {
      const sectors = await sectorTexts('bench', 'pp-2022', at);
      expect(sectors).toHaveLength(10);
      for (const s of sectors) expect(s.scoped, `${s.code} at ${at}`).toEqual(s.full);
      pending += sectors.filter((s) => s.full.pending.length > 0).length;
      reported += sectors.filter((s) => s.full.objectives.some((o) => o.reported)).length;
    }
    // The comparison is not vacuous: the sectors have answers and pending items.
    expect(pending).toBeGreaterThan(0);
    expect(reported).toBeGreaterThan(0);
  });

  it('keeps only the sector’s objectives and their reported values', async () => {
    const snapshot = await loadPlanSnapshot(database().db, 'bench', 'pp-2022');
    const scoped = sectorSnapshot(snapshot, 'S3');
    expect(scoped.objectives.length).toBe(30);
    expect(scoped.objectives.every((o) => o.orgUnits.includes('S3'))).toBe(true);
    const codes = new Set(scoped.objectives.map((o) => o.code));
    expect(scoped.measurements.length).toBeGreaterThan(0);
    expect(scoped.measurements.every((m) => codes.has(m.objective))).toBe(true);
    expect(scoped.phaseProgress.every((p) => codes.has(p.objective))).toBe(true);
    expect(scoped.people).toBe(snapshot.people);
  });

  it('reads from the database, for every sector of the examples and of a generated plan with answers, the full snapshot narrowed to that sector', async () => {
    const db = database().db;
    let sectors = 0;
    for (const [ente, plan] of [['segrate', 'pdo-2022'], ['terre-argine', 'pp-2020'], ['bench', 'pp-2022']] as const) {
      const full = await readPlanSnapshot(db, ente, plan);
      for (const unit of full.orgUnits.filter((u) => u.parent === undefined)) {
        const read = await readPlanSnapshot(db, ente, plan, unit.code);
        const narrowed = sectorSnapshot(full, unit.code);
        // key order included: exports and reports serialize these objects
        expect(JSON.stringify(read), `${ente} ${unit.code}`).toBe(JSON.stringify(narrowed));
        expect(read.objectives.length).toBeGreaterThan(0);
        sectors++;
      }
    }
    expect(sectors).toBe(5 + 7 + 10);
    const scoped = await readPlanSnapshot(db, 'bench', 'pp-2022', 'S4');
    expect(scoped.measurements.length).toBeGreaterThan(0);
    expect(scoped.phaseProgress.length).toBeGreaterThan(0);
  });

  it('narrows the cached full snapshot when there is one, reads the sector alone when not, and gives no objectives for an unknown sector', async () => {
    const db = database().db;
    forgetSnapshots(db);
    const alone = await loadSectorSnapshot(db, 'segrate', 'pdo-2022', 'AGSC');
    const full = await loadPlanSnapshot(db, 'segrate', 'pdo-2022');
    expect(alone.people).not.toBe(full.people);
    const narrowed = await loadSectorSnapshot(db, 'segrate', 'pdo-2022', 'AGSC');
    expect(narrowed.people).toBe(full.people);
    expect(narrowed).toEqual(alone);
    expect((await loadSectorSnapshot(db, 'segrate', 'pdo-2022', 'NOPE')).objectives).toEqual([]);
    forgetSnapshots(db);
    expect((await loadSectorSnapshot(db, 'segrate', 'pdo-2022', 'NOPE')).objectives).toEqual([]);
  });
});
