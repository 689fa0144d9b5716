/**
 * Renders docs/digest-chart.png: the digest chart of Segrate's sector AGSC at 31/12/2022 (two
 * checkpoints, so the trend panel shows). The example plan carries no reports, so this script adds
 * illustrative ones — each indicator measured at a share of its numeric target and each phase
 * reported at a share of what was planned for the date, varying by objective — to show what a
 * real sector looks like. Nothing is written to a database that outlives the script.
 *
 *   npx tsx scripts/render-example-chart.ts [out.png]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPlanFile } from '../src/plan-file/read.js';
import { applyMigrations } from '../src/db/migrate.js';
import { openDb } from '../src/db/open-db.js';
import { importPlan } from '../src/db/plan-import.js';
import { loadPlanSnapshot } from '../src/db/plan-repository.js';
import { buildReport } from '../src/reports/report.js';
import { buildSectorDigest } from '../src/reports/digest.js';
import { sectorTrend } from '../src/reports/sector-trend.js';
import { renderDigestChart } from '../src/reports/digest-chart.js';
import type { ProgressRecord } from '../src/domain/plan-state.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.resolve(process.argv[2] ?? path.join(root, 'docs', 'digest-chart.png'));
const SECTOR = 'AGSC';
const AS_OF = '2022-12-31';

const dir = mkdtempSync(path.join(tmpdir(), 'perfbot-example-'));
const url = `file:${path.join(dir, 'example.db')}`;
try {
  await applyMigrations(url);
  const db = openDb(url);
  try {
    const plan = (await readPlanFile(path.join(root, 'examples', 'segrate-pdo-2022.json'))).plan;
    plan.measurements = plan.objectives
      .filter((o) => o.orgUnits.includes(SECTOR))
      .flatMap((objective, index) =>
        plan.plan.checkpoints.flatMap((checkpoint, round) =>
          objective.indicators.flatMap((indicator) => {
            const number = indicator.target === undefined ? null : /\d+(?:,\d+)?/.exec(indicator.target.replace(/\./g, ''));
            if (!number || indicator.context) return [];
            const share = Math.min(1, 0.4 + ((index * 3) % 5) / 10 + round * 0.3);
            const value = (parseFloat(number[0].replace(',', '.')) * share).toFixed(0);
            return [{ indicator: `${objective.code}/${indicator.code}`, at: checkpoint, value: indicator.target!.includes('%') ? `${value}%` : value }];
          }),
        ),
      );
    await importPlan(db, plan, { actor: 'example', reason: 'example chart' });
    // The stored snapshot is shared and frozen: the illustrative reports go into copies of it.
    let snapshot = await loadPlanSnapshot(db, 'segrate', 'pdo-2022');
    // Illustrative reports: at each checkpoint every phase of the sector reports 50–100% of its plan.
    for (const checkpoint of snapshot.plan.checkpoints) {
      const report = buildReport(snapshot, checkpoint);
      const records: ProgressRecord[] = [];
      report.objectives
        .filter((o) => o.sectors.includes(SECTOR))
        .forEach((objective, index) => {
          const share = 0.5 + ((index * 7) % 6) / 10;
          for (const phase of objective.phases) {
            if (phase.plannedPct === null || phase.status !== 'active') continue;
            const record: ProgressRecord = { objective: objective.code, phase: phase.code, asOf: checkpoint, pct: Math.round(phase.plannedPct * share), channel: 'example', recordedAt: `${checkpoint}T12:00:00Z` };
            records.push(record);
          }
        });
      snapshot = { ...snapshot, phaseProgress: [...snapshot.phaseProgress, ...records] };
    }
    const digest = buildSectorDigest(buildReport(snapshot, AS_OF), snapshot, SECTOR);
    writeFileSync(out, await renderDigestChart(digest, snapshot.ente.locale, sectorTrend(snapshot, SECTOR, AS_OF)));
    console.log(`wrote ${path.relative(process.cwd(), out)}`);
  } finally {
    await db.$disconnect();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
