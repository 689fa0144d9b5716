import { describe, expect, it } from 'vitest';
import { loadPlanSnapshot } from '../../src/db/plan-repository.js';
import { buildReport } from '../../src/reports/report.js';
import { buildSectorDigest } from '../../src/reports/digest.js';
import { renderDigestText } from '../../src/reports/digest-text.js';
import { checkGolden, goldenFile } from '../support/golden.js';
import { digestExamplesDatabase } from '../support/digest-examples.js';

const database = digestExamplesDatabase();

async function digests(ente: string, plan: string, at: string) {
  const snapshot = await loadPlanSnapshot(database().db, ente, plan);
  const report = buildReport(snapshot, at);
  const names = new Map(snapshot.people.map((p) => [p.code, p.name]));
  return { report, snapshot, texts: report.sectors.map((s) => ({ code: s.code, text: renderDigestText(buildSectorDigest(report, snapshot, s.code), names, 'it') })) };
}

describe('sector digest', () => {
  it('is stable and readable for every Segrate sector at 05/08/2022 (golden files)', async () => {
    const { texts, report } = await digests('segrate', 'pdo-2022', '2022-08-05');
    expect(texts.map((d) => d.code)).toEqual(['AGSC', 'AVV', 'SAPS', 'STAFF', 'TSE']);
    for (const { code, text } of texts) checkGolden(goldenFile(`digest-segrate-${code}.txt`), text);
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
    for (const { code, text } of texts) checkGolden(goldenFile(`digest-terre-argine-${code}.txt`), text);
    const ru = texts.find((d) => d.code === 'RU')!.text;
    expect(ru).toContain('Dirigente: Mario Ferrari');
    expect(ru).toContain('media ponderata');
  });
});

describe('sector digest wording', () => {
  it('says «1 voce», not «1 voci», for a person with one item pending or undelivered', async () => {
    const { report, snapshot } = await digests('segrate', 'pdo-2022', '2022-08-05');
    const names = new Map(snapshot.people.map((p) => [p.code, p.name]));
    const digest = buildSectorDigest(report, snapshot, 'AVV');
    const person = digest.pending[0]!.person;
    const one = { ...digest, pending: [{ ...digest.pending[0]!, items: 1 }], undelivered: [{ person, date: '2022-08-01', items: 1 }] };
    const text = renderDigestText(one, names, 'it');
    expect(text).toContain(`${names.get(person)} (1 voce`);
    expect(text).toContain(`${names.get(person)} (01/08/2022, 1 voce)`);
    expect(text).not.toMatch(/\b1 voci\b/);
    expect(renderDigestText(one, names, 'en')).not.toMatch(/\b1 items\b/);
  });
});
