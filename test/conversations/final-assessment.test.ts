/**
 * The final assessment conversation and the OIV's read-only role (issue 6, item 5): the computed %
 * is proposed, a different declared % needs a reason, the status class and note are stored as an
 * audited assessment, the report's objective.pct follows the declared %, and the OIV can add its
 * note but cannot change a value — neither in chat nor through the stores.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readPlanFile } from '../../src/plan-file/read.js';
import { importPlan } from '../../src/db/plan-import.js';
import { loadPlanSnapshot } from '../../src/db/plan-repository.js';
import { buildReport } from '../../src/reports/report.js';
import { CheckinEngine } from '../../src/conversations/checkin-engine.js';
import { closeCheckpoint, saveAnswers } from '../../src/db/answer-store.js';
import { saveAssessment } from '../../src/db/assessment-store.js';
import { ReadOnlyRoleError } from '../../src/db/read-only-role.js';
import { serializePlanFile, toPlanFile } from '../../src/plan-file/export.js';
import { parsePlanText } from '../../src/plan-file/read.js';
import { countRows, createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { chatWith } from '../support/engine-chat.js';

const plan = path.resolve(import.meta.dirname, '..', 'fixtures', 'assessment-plan.yaml');
const JAN_10_2023 = new Date('2023-01-10T09:00:00Z');
const USERS = { verdi: '111111111', neri: '222222222', oiv: '555555555' };
let t: TestDatabase;

beforeEach(async () => {
  t = await createTestDatabase();
  await importPlan(t.db, (await readPlanFile(plan)).plan, { actor: 'test', reason: 'test' });
});
afterEach(async () => {
  await t.drop();
});

const chat = chatWith;

async function currentAssessments() {
  const rows = await t.db.assessment.findMany({ where: { supersededAt: null }, include: { objective: true }, orderBy: { id: 'asc' } });
  return rows.map((a) => ({ objective: a.objective.code, asOf: a.asOf, pct: a.pct, status: a.status, note: a.note, oivNote: a.oivNote, by: a.byCode, channel: a.channel }));
}

async function reportAt(asOf: string) {
  return buildReport(await loadPlanSnapshot(t.db, 'borgo-fine', 'pp-2022'), asOf);
}

/** Everything a value change would touch, for "nothing changed" checks. */
async function valueRows() {
  const counts = await countRows(t.db);
  return { measurement: counts.measurement, phaseProgress: counts.phaseProgress, assessment: counts.assessment, audit: counts.auditLog, settings: (await t.db.ente.findFirst())?.settings };
}

describe('final assessment conversation', () => {
  it('is not open before the last checkpoint has passed', async () => {
    const say = chat(new CheckinEngine(t.db, () => new Date('2022-12-20T09:00:00Z')), USERS.verdi);
    expect(await say('text', 'valutazione')).toContain("La valutazione finale si apre dopo l'ultimo monitoraggio (31/12/2022).");
    expect(await currentAssessments()).toEqual([]);
  });

  it('proposes the computed %, asks a reason for a different one, stores %, class and note; the report follows the declared %', async () => {
    const say = chat(new CheckinEngine(t.db, () => JAN_10_2023), USERS.verdi);
    // With the July monitoring closed, nothing is left to answer but the assessment.
    await closeCheckpoint(t.db, 'borgo-fine', 'pp-2022', '2022-07-31', 'admin');
    expect(await say('text', 'rispondi')).toContain('Ti resta la valutazione finale di 2 obiettivi');
    const intro = await say('text', 'valutazione');
    expect(intro).toContain('*Valutazione finale* al 31/12/2022: 2 obiettivi');
    expect(intro).toContain('*RU-1 — Reclutamento telematico* (1/2)');
    // RU-1 by hand: a 95% vs ≥ 95% → 1; b 100 vs ≥ 200 → 0,5; c sì → 1; mean 2,5/3 = 83,33 %.
    expect(intro).toContain('Grado di raggiungimento calcolato al 31/12/2022: 83,33%');
    expect(await say('text', 'molto')).toContain('Non riesco a leggere «molto» come numero');
    expect(await say('text', '90')).toContain('Dichiari 90% invece di 83,33% calcolato: scrivi il motivo');
    expect(await say('text', 'ok')).toContain('Il motivo è obbligatorio');
    const status = await say('text', 'Candidature sotto target per il blocco dei concorsi nazionali');
    expect(status).toContain('Come valuti lo stato');
    expect(status).toContain('2. azioni correttive già avviate');
    expect(await say('text', '4')).toContain('«4» non è una delle tre valutazioni');
    expect(await say('choice', 'asm:status:actions_started')).toContain('nota per la relazione');
    const summary = await say('text', 'Slittamento dei tempi');
    expect(summary).toContain('• Raggiungimento dichiarato: 90% (calcolato 83,33%)');
    expect(summary).toContain('• Motivo: Candidature sotto target per il blocco dei concorsi nazionali');
    expect(summary).toContain('• Stato: azioni correttive già avviate');
    expect(summary).toContain('• Nota: Slittamento dei tempi');
    expect(await currentAssessments()).toEqual([]);
    const next = await say('text', 'conferma');
    expect(next).toContain('Valutazione di RU-1 salvata ✔');
    expect(next).toContain('*RU-2 — Formazione obbligatoria* (2/2)');
    expect(next).toContain('calcolato al 31/12/2022: 100%');
    expect(await say('choice', 'asm:computed')).toContain('Come valuti lo stato');
    expect(await say('text', 'in linea')).toContain('nota per la relazione');
    expect(await say('choice', 'asm:nonote')).toContain('• Nota: nessuna');
    const done = await say('choice', 'asm:confirm');
    expect(done).toContain('Valutazione di RU-2 salvata ✔');
    expect(done).toContain('Valutazione finale completata');

    expect(await currentAssessments()).toEqual([
      { objective: 'RU-1', asOf: '2022-12-31', pct: 90, status: 'actions_started', note: 'Slittamento dei tempi', oivNote: null, by: 'verdi-a', channel: 'telegram' },
      { objective: 'RU-2', asOf: '2022-12-31', pct: 100, status: 'on_track', note: null, oivNote: null, by: 'verdi-a', channel: 'telegram' },
    ]);
    const audit = await t.db.auditLog.findFirst({ where: { entity: 'Assessment', entityId: 'pp-2022/RU-1@2022-12-31' } });
    expect(audit).toMatchObject({ actor: 'verdi-a', action: 'create', reason: 'Candidature sotto target per il blocco dei concorsi nazionali' });
    expect(audit?.newValue).toMatchObject({ pct: 90, computedPct: 83.33, status: 'actions_started' });

    const report = await reportAt('2022-12-31');
    const ru1 = report.objectives.find((o) => o.code === 'RU-1')!;
    expect(ru1).toMatchObject({ pct: 90, declaredPct: 90, computedPct: 83.33, status: 'actions_started' });
    expect(report.objectives.find((o) => o.code === 'SF-1')!.declaredPct).toBeNull();
    // RU's sector % is the weighted (here: plain, no weights) mean of the declared percentages.
    expect(report.sectors.find((s) => s.code === 'RU')!.pct).toBe(95);

    expect(await say('text', 'valutazione')).toContain('Hai già valutato tutti i tuoi obiettivi (2)');
    expect(await say('text', 'rispondi')).not.toContain('Ti resta la valutazione finale');
  });

  it('revises one objective with "valutazione CODICE": the old assessment is kept superseded and audited', async () => {
    const say = chat(new CheckinEngine(t.db, () => JAN_10_2023), USERS.verdi);
    await say('text', 'valutazione RU-2');
    await say('choice', 'asm:computed');
    await say('text', '1');
    await say('text', 'nessuna');
    await say('text', 'conferma');
    expect((await say('text', 'valutazione SF-1'))).toContain('SF-1 non è tra gli obiettivi che valuti tu');
    await say('text', 'valutazione ru-2');
    await say('text', '80');
    await say('text', 'Corsi rinviati al 2023 per indisponibilità dei docenti');
    await say('text', '3');
    await say('text', 'Recupero nel primo trimestre');
    expect(await say('text', 'conferma')).toContain('Valutazione di RU-2 salvata ✔');
    const all = await t.db.assessment.findMany({ orderBy: { id: 'asc' } });
    expect(all.map((a) => [a.pct, a.status, a.supersededAt === null])).toEqual([
      [100, 'on_track', false],
      [80, 'immediate_actions', true],
    ]);
    const audits = await t.db.auditLog.findMany({ where: { entity: 'Assessment' }, orderBy: { id: 'asc' } });
    expect(audits.map((a) => [a.action, a.actor, (a.oldValue as { pct?: number } | null)?.pct ?? null, (a.newValue as { pct: number }).pct])).toEqual([
      ['create', 'verdi-a', null, 100],
      ['supersede', 'verdi-a', 100, 80],
    ]);
    expect((await reportAt('2022-12-31')).objectives.find((o) => o.code === 'RU-2')).toMatchObject({ pct: 80, declaredPct: 80, computedPct: 100, status: 'immediate_actions' });

    // The same assessment again changes nothing; the same values with a new reason are kept, audited.
    const again = { ente: 'borgo-fine', plan: 'pp-2022', objective: 'RU-2', asOf: '2022-12-31', pct: 80, computedPct: 100, status: 'immediate_actions' as const, note: 'Recupero nel primo trimestre', by: 'verdi-a', channel: 'telegram', on: '2023-01-10' };
    expect(await saveAssessment(t.db, { ...again, reason: 'Corsi rinviati al 2023 per indisponibilità dei docenti' })).toBe('unchanged');
    expect(await saveAssessment(t.db, { ...again, reason: 'Docenti indisponibili fino a marzo' })).toBe('superseded');
    const last = await t.db.auditLog.findFirst({ where: { entity: 'Assessment' }, orderBy: { id: 'desc' } });
    expect(last).toMatchObject({ action: 'supersede', actor: 'verdi-a', reason: 'Docenti indisponibili fino a marzo' });
  });

  it('takes "modifica" at the confirmation as redoing this objective, not as correcting check-in answers', async () => {
    const say = chat(new CheckinEngine(t.db, () => JAN_10_2023), USERS.verdi);
    await say('text', 'valutazione RU-2');
    await say('choice', 'asm:computed');
    await say('text', '1');
    expect(await say('text', 'nessuna')).toContain('Confermi e salvo?');
    expect(await say('text', 'modifica')).toContain('Grado di raggiungimento calcolato al 31/12/2022: 100%');
    await say('text', '95');
    await say('text', 'Un corso rinviato al 2023');
    await say('text', '2');
    await say('text', 'nessuna');
    expect(await say('text', 'conferma')).toContain('Valutazione di RU-2 salvata ✔');
    expect((await currentAssessments()).map((a) => [a.objective, a.pct, a.status])).toEqual([['RU-2', 95, 'actions_started']]);
  });

  it('resumes the assessment in progress on «rispondi» instead of replacing its draft (issue 14)', async () => {
    const say = chat(new CheckinEngine(t.db, () => JAN_10_2023), USERS.verdi);
    await say('text', 'valutazione RU-2');
    await say('text', '95');
    // Mid-assessment, at the reason step: «rispondi» must not start a check-in over the draft.
    const resumed = await say('text', 'rispondi');
    expect(resumed).toContain('Hai una valutazione finale in corso: la riprendiamo da dove eri');
    expect(resumed).toContain('Dichiari 95% invece di 100% calcolato: scrivi il motivo');
    await say('text', 'Un corso rinviato al 2023');
    await say('text', '2');
    await say('text', 'nessuna');
    expect(await say('text', 'conferma')).toContain('Valutazione di RU-2 salvata ✔');
    expect((await currentAssessments()).map((a) => [a.objective, a.pct, a.status])).toEqual([['RU-2', 95, 'actions_started']]);
  });

  it('drops an objective retired from the plan while its assessment is in progress and goes on with the next', async () => {
    const say = chat(new CheckinEngine(t.db, () => JAN_10_2023), USERS.verdi);
    expect(await say('text', 'valutazione')).toContain('*RU-1 — Reclutamento telematico* (1/2)');
    const changed = (await readPlanFile(plan)).plan;
    changed.objectives = changed.objectives.filter((o) => o.code !== 'RU-1');
    changed.measurements = changed.measurements.filter((m) => !m.indicator.startsWith('RU-1/'));
    await importPlan(t.db, changed, { actor: 'admin', reason: 'RU-1 soppresso' });
    const next = await say('text', '90');
    expect(next).toContain('RU-1 non è più nel piano');
    expect(next).toContain('*RU-2 — Formazione obbligatoria* (1/1)');
    expect(await say('choice', 'asm:computed')).toContain('Come valuti lo stato');
    expect(await t.db.assessment.count()).toBe(0);
  });

  it('speaks English to a person who chose it', async () => {
    const say = chat(new CheckinEngine(t.db, () => JAN_10_2023), USERS.neri);
    await say('text', 'lingua en');
    const intro = await say('text', 'valutazione');
    expect(intro).toContain('*Final assessment* as at 31 Dec 2022, one objective at a time (1 to assess).');
    expect(intro).toContain('Computed achievement as at 31 Dec 2022: 100%');
  });

  it('refuses once the final checkpoint is closed', async () => {
    await closeCheckpoint(t.db, 'borgo-fine', 'pp-2022', '2022-12-31', 'admin');
    const say = chat(new CheckinEngine(t.db, () => JAN_10_2023), USERS.verdi);
    expect(await say('text', 'valutazione')).toContain('Il monitoraggio al 31/12/2022 è stato chiuso');
  });
});

describe('the OIV role', () => {
  it('cannot answer, correct, assess or administer in chat, and nothing changes', async () => {
    const say = chat(new CheckinEngine(t.db, () => JAN_10_2023), USERS.oiv);
    const before = await valueRows();
    for (const attempt of ['rispondi', 'modifica', 'valutazione', 'valutazione RU-1']) expect(await say('text', attempt)).toContain('è di sola lettura');
    expect(await say('choice', 'ctl:start')).toContain('è di sola lettura');
    expect(await say('text', 'admin ora 10:00')).toContain('Non sei autorizzato');
    expect(await valueRows()).toEqual(before);
  });

  it('cannot write a value through the stores either', async () => {
    const before = await valueRows();
    await expect(
      saveAnswers(t.db, { ente: 'borgo-fine', plan: 'pp-2022', by: 'oiv-1', channel: 'telegram', on: '2023-01-10', answers: [{ kind: 'indicator', objective: 'RU-1', code: 'a', asOf: '2022-12-31', raw: '99%', value: { kind: 'number', value: 99 }, status: 'measured' }] }),
    ).rejects.toBeInstanceOf(ReadOnlyRoleError);
    await expect(
      saveAssessment(t.db, { ente: 'borgo-fine', plan: 'pp-2022', objective: 'RU-1', asOf: '2022-12-31', pct: 100, computedPct: 83.33, status: 'on_track', note: null, reason: 'x', by: 'oiv-1', channel: 'telegram', on: '2023-01-10' }),
    ).rejects.toBeInstanceOf(ReadOnlyRoleError);
    expect(await valueRows()).toEqual(before);
  });

  it('adds an OIV note to an assessed objective, keeping the assessment as the responsible gave it', async () => {
    // what the engine reports stored (the answers-stored metric): the assessment and each note saved, not a refused note
    const stored: Array<[string, number]> = [];
    const hooks = { answersStored: (platform: string, count: number) => void stored.push([platform, count]) };
    const responsible = chat(new CheckinEngine(t.db, () => JAN_10_2023, hooks), USERS.verdi);
    await responsible('text', 'valutazione RU-1');
    for (const reply of ['90', 'Concorsi nazionali bloccati', '2', 'Slittamento dei tempi', 'conferma']) await responsible('text', reply);
    const oiv = chat(new CheckinEngine(t.db, () => JAN_10_2023, hooks), USERS.oiv);
    expect(await oiv('text', 'nota SF-1 Manca la valutazione')).toContain('SF-1 non ha ancora una valutazione finale');
    expect(await oiv('text', 'nota')).toContain('Scrivi «nota CODICE testo»');
    // The Slack slash command arrives by its English name; the note keeps its line breaks.
    expect(await oiv('command', 'RU-1 Prima riga\nseconda riga', { command: 'note' })).toContain('Nota OIV su RU-1');
    expect((await currentAssessments())[0]!.oivNote).toBe('Prima riga\nseconda riga');
    expect(await oiv('text', 'nota RU-1 Scostamento motivato, coerente con la relazione')).toContain('Nota OIV su RU-1 (valutazione al 31/12/2022) salvata ✔');
    expect(await currentAssessments()).toEqual([
      { objective: 'RU-1', asOf: '2022-12-31', pct: 90, status: 'actions_started', note: 'Slittamento dei tempi', oivNote: 'Scostamento motivato, coerente con la relazione', by: 'verdi-a', channel: 'telegram' },
    ]);
    expect(stored).toEqual([
      ['telegram', 1],
      ['telegram', 1],
      ['telegram', 1],
    ]);
    const audit = await t.db.auditLog.findFirst({ where: { entity: 'Assessment', actor: 'oiv-1' }, orderBy: { id: 'desc' } });
    expect(audit).toMatchObject({ action: 'supersede', oldValue: { oivNote: 'Prima riga\nseconda riga' }, newValue: { oivNote: 'Scostamento motivato, coerente con la relazione', by: 'oiv-1' } });
    expect((await reportAt('2022-12-31')).objectives.find((o) => o.code === 'RU-1')!.pct).toBe(90);

    // A revision by the responsible keeps the OIV's note; a responsible cannot write one.
    await responsible('text', 'valutazione RU-1');
    for (const reply of ['92', 'Dato di dicembre aggiornato', '2', 'nessuna', 'conferma']) await responsible('text', reply);
    expect((await currentAssessments())[0]).toMatchObject({ pct: 92, oivNote: 'Scostamento motivato, coerente con la relazione', by: 'verdi-a' });
    expect(await responsible('text', 'nota RU-1 tutto bene')).toContain("Solo l'OIV");

    // The plan file export carries the assessment with who gave it and the OIV's note, and imports back.
    const exported = toPlanFile(await loadPlanSnapshot(t.db, 'borgo-fine', 'pp-2022'));
    expect(exported.assessments).toEqual([
      { objective: 'RU-1', at: '2022-12-31', pct: 92, status: 'actions_started', by: 'verdi-a', oivNote: 'Scostamento motivato, coerente con la relazione' },
    ]);
    const copy = await createTestDatabase();
    try {
      await importPlan(copy.db, parsePlanText('export.json', serializePlanFile(exported, 'json')).plan, { actor: 'test', reason: 'round trip' });
      const again = buildReport(await loadPlanSnapshot(copy.db, 'borgo-fine', 'pp-2022'), '2022-12-31');
      expect(again.objectives.map((o) => [o.code, o.pct, o.status])).toEqual((await reportAt('2022-12-31')).objectives.map((o) => [o.code, o.pct, o.status]));
      expect((await loadPlanSnapshot(copy.db, 'borgo-fine', 'pp-2022')).assessments[0]).toMatchObject({ oivNote: 'Scostamento motivato, coerente con la relazione', by: 'verdi-a' });
    } finally {
      await copy.drop();
    }
  });
});
