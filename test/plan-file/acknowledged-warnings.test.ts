/**
 * `acknowledgedWarnings` (plan-format.md): a plan file acknowledges a known inconsistency of its
 * source, so an import prints only new warnings and counts the known ones; the acknowledgement
 * travels with the plan (JSON export, re-import) and goes stale loudly.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePlanText } from '../../src/plan-file/read.js';
import { PlanValidationError, formatPlanIssue } from '../../src/plan-file/plan-validation-error.js';
import { cliOnFreshDatabase } from '../support/cli-on-database.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const terreArgine = path.join(root, 'examples', 'terre-argine-2020.json');
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function terreArgineWith(change: (plan: Json) => void): string {
  const plan = JSON.parse(readFileSync(terreArgine, 'utf8')) as Json;
  change(plan);
  return JSON.stringify(plan);
}

describe('acknowledged warnings in a plan file', () => {
  it("Terre d'Argine acknowledges its two printed phase-weight sums: no warning is shown, two are counted", () => {
    const { warnings, acknowledged } = parsePlanText('terre-argine-2020.json', readFileSync(terreArgine, 'utf8'));
    expect(warnings).toEqual([]);
    expect(acknowledged.map(formatPlanIssue)).toEqual([
      'terre-argine-2020.json: objectives[ISTR-3].phases: phase weights sum to 75, not 100 (value: 75)',
      'terre-argine-2020.json: objectives[SF-2].phases: phase weights sum to 90, not 100 (value: 90)',
    ]);
  });

  it('shows a new warning, a changed sum and an acknowledgement that matches nothing any more', () => {
    const text = terreArgineWith((plan) => {
      const sf2 = plan.objectives.find((o: Json) => o.code === 'SF-2');
      sf2.phases[0].weight += 5; // 95 now: the acknowledged 90 no longer matches
      const ru1 = plan.objectives.find((o: Json) => o.code === 'RU-1');
      ru1.phases[0].weight += 1; // a new inconsistency
    });
    const { warnings, acknowledged } = parsePlanText('ta.json', text);
    expect(acknowledged.map((w) => w.path)).toEqual(['objectives[ISTR-3].phases']);
    expect(warnings.map(formatPlanIssue)).toEqual([
      'ta.json: objectives[RU-1].phases: phase weights sum to 101, not 100 (value: 101)',
      'ta.json: objectives[SF-2].phases: phase weights sum to 95, not 100 (value: 95)',
      'ta.json: acknowledgedWarnings[1]: acknowledges a phase-weights warning the plan no longer gives: remove it (value: "objectives[SF-2].phases")',
    ]);
  });

  it('refuses an acknowledgement without a reason or with an unknown code', () => {
    const text = terreArgineWith((plan) => {
      plan.acknowledgedWarnings[0].reason = ' ';
      plan.acknowledgedWarnings[1].code = 'typo';
    });
    let issues: string[] = [];
    try {
      parsePlanText('ta.json', text);
    } catch (error) {
      if (!(error instanceof PlanValidationError)) throw error;
      issues = error.issues.map((i) => i.message);
    }
    expect(issues).toHaveLength(2);
    expect(issues.join('\n')).toContain('say why the warning is acknowledged');
  });
});

describe('perfbot import with acknowledged warnings', () => {
  const { cli } = cliOnFreshDatabase();

  it('prints "2 avvisi noti" instead of the two warnings, every time, and the export keeps the acknowledgements', async () => {
    const first = await cli('import', terreArgine);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('2 avvisi noti (acknowledgedWarnings nel file del piano): non ripetuti\n');
    const again = await cli('import', terreArgine);
    expect(again).toMatchObject({ code: 0, stderr: '2 avvisi noti (acknowledgedWarnings nel file del piano): non ripetuti\n' });
    expect(again.stdout).toMatch(/: 0 created, 0 updated, 0 retired, \d+ unchanged\n$/);
    const exported = await cli('export', '--ente', 'terre-argine', '--plan', 'pp-2020', '--format', 'json');
    expect(JSON.parse(exported.stdout).acknowledgedWarnings).toEqual(JSON.parse(readFileSync(terreArgine, 'utf8')).acknowledgedWarnings);
  });

  it('reads the acknowledgements from the example workbook too', async () => {
    const imported = await cli('import', path.join(root, 'examples', 'terre-argine-2020.xlsx'));
    expect(imported).toMatchObject({ code: 0, stderr: '2 avvisi noti (acknowledgedWarnings nel file del piano): non ripetuti\n' });
  });
});
