/**
 * The text report (`perfbot report --format text`) says, under each objective, why it has its
 * status class and who gave the answers it shows, with the date — read from the CLI's output
 * after importing answers as a check-in stores them.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPlanFile } from '../../src/plan-file/read.js';
import { importPlan } from '../../src/db/plan-import.js';
import type { PlanFile } from '../../src/plan-file/schema.js';
import { cliOnFreshDatabase } from '../support/cli-on-database.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const { t, cli } = cliOnFreshDatabase();

async function report(ente: string, plan: string, at: string, lang = 'it'): Promise<string> {
  const { code, stdout, stderr } = await cli('report', '--ente', ente, '--plan', plan, '--at', at, '--lang', lang);
  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  return stdout;
}

/** The objective's row and the lines under it, up to the next objective or the sector's footer. */
function block(text: string, code: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`  ${code} `));
  expect(start).toBeGreaterThan(-1);
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('      '));
  return lines.slice(start, end);
}

async function segrateAfterCheckin(): Promise<void> {
  const { plan } = await readPlanFile(path.join(root, 'examples', 'segrate-pdo-2022.json'));
  // Clara Bossi's check-in at 31/07: phase 1 done, phase 2 (due in June) half done, indicator d at 95 %.
  plan.phaseProgress = [
    { phase: 'AGSC-1/1', at: '2022-07-31', pct: 100, by: 'bossi-c' },
    { phase: 'AGSC-1/2', at: '2022-07-31', pct: 50, by: 'bossi-c' },
  ];
  plan.measurements = [
    { indicator: 'AGSC-1/d', at: '2022-07-31', value: '95%', by: 'bossi-c' },
    // a "non rilevabile" answer is an answer too (and, not measured, does not count in the %)
    { indicator: 'AGSC-1/a', at: '2022-07-31', value: 'non rilevabile: la sperimentazione parte ad agosto', by: 'calvano-a' },
  ];
  await importPlan(t.db, plan as PlanFile, { actor: 'test', reason: 'test' });
}

describe('perfbot report as text', () => {
  it('says who gave the answers of an objective and as at which date', async () => {
    await segrateAfterCheckin();
    const lines = block(await report('segrate', 'pdo-2022', '2022-07-31'), 'AGSC-1');
    const answers = lines.find((l) => l.trimStart().startsWith('Risposte:'));
    expect(answers?.trim()).toBe('Risposte: Clara Bossi, al 31/07/2022 (fasi 1, 2 · indicatori d); Antonio Calvano, al 31/07/2022 (indicatori a)');
    // an objective nobody answered for has no such line
    expect(block(await report('segrate', 'pdo-2022', '2022-07-31'), 'AGSC-2').some((l) => l.includes('Risposte:'))).toBe(false);
  });

  it('explains an intermediate "azioni correttive immediate" next to a high % by the missed phase deadline (P10)', async () => {
    await segrateAfterCheckin();
    const lines = block(await report('segrate', 'pdo-2022', '2022-07-31'), 'AGSC-1');
    expect(lines[0]).toMatch(/95%\s+azioni correttive immediate$/);
    const why = lines.find((l) => l.trimStart().startsWith('Perché'))?.trim();
    expect(why).toBe(
      'Perché «azioni correttive immediate»: verifica intermedia, fase 2 in ritardo di 31 gg, gap massimo 50 punti (fase 2). ' +
        'Regola (P10): una fase oltre la scadenza o un gap oltre 20 punti dà azioni correttive immediate; un gap fino a 5 punti, in linea; in mezzo, azioni correttive già avviate.',
    );
    const english = block(await report('segrate', 'pdo-2022', '2022-07-31', 'en'), 'AGSC-1');
    expect(english.find((l) => l.trimStart().startsWith('Why'))?.trim()).toMatch(/^Why “immediate corrective actions”: intermediate check, phase 2 31 days late, /);
  });

  it('explains a final class by the % and its thresholds, and a declared one by the assessment and who made it', async () => {
    const { plan } = await readPlanFile(path.join(root, 'test', 'fixtures', 'assessment-plan.yaml'));
    plan.assessments = [{ objective: 'RU-2', at: '2022-12-31', pct: 60, status: 'immediate_actions', by: 'verdi-a' }];
    await importPlan(t.db, plan as PlanFile, { actor: 'test', reason: 'test' });
    const text = await report('borgo-fine', 'pp-2022', '2022-12-31');
    const ru1 = block(text, 'RU-1');
    expect(ru1[0]).toMatch(/83,3%\s+azioni correttive già avviate$/);
    expect(ru1.find((l) => l.includes('Perché'))?.trim()).toBe(
      'Perché «azioni correttive già avviate»: valutazione finale, raggiungimento 83,33%. ' +
        'Regola (P10): almeno 100% in linea; almeno 70% azioni correttive già avviate; sotto, azioni correttive immediate.',
    );
    const ru2 = block(text, 'RU-2');
    expect(ru2.find((l) => l.includes('Perché'))?.trim()).toBe('Perché «azioni correttive immediate»: dichiarato da Anna Verdi nella valutazione finale al 31/12/2022.');
    expect(ru2.find((l) => l.includes('Risposte:'))?.trim()).toBe('Risposte: Anna Verdi, al 31/12/2022 (indicatori a)');
  });
});
