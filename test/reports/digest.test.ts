import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPlanFile } from '../../src/plan-file/read.js';
import { importPlan } from '../../src/db/plan-import.js';
import { loadPlanSnapshot } from '../../src/db/plan-repository.js';
import { buildReport } from '../../src/reports/report.js';
import { buildSectorDigest } from '../../src/reports/digest.js';
import { renderDigestText } from '../../src/reports/digest-text.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { checkGolden } from '../support/golden.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const golden = (name: string) => path.join(root, 'test', 'golden', name);
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  const segrate = (await readPlanFile(path.join(root, 'examples', 'segrate-pdo-2022.json'))).plan;
  segrate.measurements = [
    { indicator: 'AGSC-1/a', at: '2022-07-31', value: '8', by: 'bossi-c' },
    { indicator: 'AGSC-1/b', at: '2022-07-31', value: 'non rilevabile: servizio non ancora avviato', by: 'bossi-c' },
    { indicator: 'AGSC-1/c', at: '2022-07-31', value: '12%', by: 'bossi-c' },
    { indicator: 'STAFF-1/a', at: '2022-07-31', value: '3', by: 'caretti-a' },
  ];
  segrate.phaseProgress = [
    { phase: 'AGSC-1/1', at: '2022-07-31', pct: 100, by: 'bossi-c' },
    { phase: 'AGSC-1/2', at: '2022-07-31', pct: 50, by: 'bossi-c' },
  ];
  const terreArgine = (await readPlanFile(path.join(root, 'examples', 'terre-argine-2020.json'))).plan;
  terreArgine.measurements = [
    { indicator: 'RU-2/a', at: '2020-12-31', value: '96%' },
    { indicator: 'RU-2/b', at: '2020-12-31', value: '90%' },
    { indicator: 'RU-2/c', at: '2020-12-31', value: '15/05/2020' },
  ];
  terreArgine.phaseProgress = [{ phase: 'RU-2/1', at: '2020-12-31', pct: 100 }];
  await importPlan(t.db, segrate, { actor: 'test', reason: 'test' });
  await importPlan(t.db, terreArgine, { actor: 'test', reason: 'test' });
});
afterAll(async () => {
  await t.drop();
});

async function digests(ente: string, plan: string, at: string) {
  const snapshot = await loadPlanSnapshot(t.db, ente, plan);
  const report = buildReport(snapshot, at);
  const names = new Map(snapshot.people.map((p) => [p.code, p.name]));
  return { report, snapshot, texts: report.sectors.map((s) => ({ code: s.code, text: renderDigestText(buildSectorDigest(report, snapshot, s.code), names, 'it') })) };
}

describe('sector digest', () => {
  it('is stable and readable for every Segrate sector at 05/08/2022 (golden files)', async () => {
    const { texts, report } = await digests('segrate', 'pdo-2022', '2022-08-05');
    expect(texts.map((d) => d.code)).toEqual(['AGSC', 'AVV', 'SAPS', 'STAFF', 'TSE']);
    for (const { code, text } of texts) checkGolden(golden(`digest-segrate-${code}.txt`), text);
    const agsc = texts.find((d) => d.code === 'AGSC')!.text;
    expect(agsc).toContain('*Settore AGSC — Direzione Affari Generali e Servizi al Cittadino*');
    expect(agsc).toContain('• a n. verifiche di identità/SPID nella fase sperimentazione in…: atteso 10 · ultimo 8 (31/07/2022, Clara Bossi) · scost. -2 · non raggiunto');
    expect(agsc).toContain('ultimo non rilevabile (31/07/2022, Clara Bossi)');
    // The transversal objective is listed in every sector.
    for (const { text } of texts) expect(text).toContain('*INT-1*');
    expect(texts.every(({ text }) => text.includes('trasversale'))).toBe(true);
    // The same numbers as perfbot report.
    const sector = report.sectors.find((s) => s.code === 'AGSC')!;
    expect(agsc).toContain(`obiettivi: ${sector.objectives}`);
  });

  it("is stable and readable for every Terre d'Argine sector at 31/12/2020 (golden files)", async () => {
    const { texts } = await digests('terre-argine', 'pp-2020', '2020-12-31');
    expect(texts).toHaveLength(7);
    for (const { code, text } of texts) checkGolden(golden(`digest-terre-argine-${code}.txt`), text);
    const ru = texts.find((d) => d.code === 'RU')!.text;
    expect(ru).toContain('Dirigente: Mario Ferrari');
    expect(ru).toContain('media ponderata');
  });
});
