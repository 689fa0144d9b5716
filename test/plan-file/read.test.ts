import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePlanText, readPlanFile } from '../../src/plan-file/read.js';
import { PlanValidationError, formatPlanIssue } from '../../src/plan-file/plan-validation-error.js';

const fixtures = path.resolve(import.meta.dirname, '..', 'fixtures');

async function issuesOf(file: string): Promise<string[]> {
  try {
    await readPlanFile(file);
  } catch (error) {
    if (error instanceof PlanValidationError) return error.issues.map(formatPlanIssue);
    throw error;
  }
  return [];
}

describe('reading a plan file', () => {
  it('reads a valid YAML plan with defaults applied', async () => {
    const { plan, warnings } = await readPlanFile(path.join(fixtures, 'small-plan.yaml'));
    expect(plan.ente.code).toBe('borgo-test');
    expect(plan.plan.checkpoints).toEqual(['2022-07-31', '2022-12-31']);
    expect(plan.objectives.map((o) => o.code)).toEqual(['RU-1', 'RU-2', 'SF-1']);
    expect(plan.objectives[1]?.phases).toEqual([]);
    expect(plan.objectives[2]?.indicators[1]?.context).toBe(true);
    expect(plan.people[0]?.absences).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('gives ten clear messages, each with file, path and value, for a file with ten mistakes', async () => {
    const file = path.join(fixtures, 'ten-mistakes.yaml');
    const issues = await issuesOf(file);
    const expected = [
      'ente.patronDay: expected MM-DD (value: "24-06")',
      'plan.checkpoints[0]: not a valid calendar date (value: "2022-02-30")',
      'people[1].code: duplicate code in people (value: "ferrari-m")',
      'roles[0].orgUnit: unknown orgUnit (value: "XX")',
      'objectives[RU-1]: unknown key(s): titel',
      'objectives[RU-1].responsible: unknown person (value: "nessuno")',
      'objectives[RU-1].phases[1].parent: unknown phase (value: "9")',
      'objectives[RU-1].phases[2].monthly: invalid key: expected a month YYYY-MM (value: "2022-13")',
      'phaseProgress[0].pct: must be between 0 and 100 (value: 120)',
      'measurements[0].indicator: unknown indicator (value: "RU-1/z")',
    ];
    for (const message of expected) expect(issues.some((issue) => issue.startsWith(`${file}: `) && issue.includes(message)), message).toBe(true);
    // The unknown key also leaves `title` missing: eleven messages for ten mistakes.
    expect(issues).toContain(`${file}: objectives[RU-1].title: required key is missing`);
    expect(issues).toHaveLength(11);
  });

  it('names a JSON syntax error and the file', () => {
    expect(() => parsePlanText('plan.json', '{ "format": ')).toThrowError(PlanValidationError);
    try {
      parsePlanText('plan.json', '{ "format": ');
    } catch (error) {
      expect(formatPlanIssue((error as PlanValidationError).issues[0]!)).toMatch(/^plan\.json: JSON syntax/);
    }
  });

  it('says which file is missing', async () => {
    expect(await issuesOf('/nonexistent/plan.json')).toEqual(['/nonexistent/plan.json: file not found']);
  });

  it('rejects a file of another format', () => {
    const error = (() => {
      try {
        parsePlanText('x.json', JSON.stringify({ format: 'perfbot/plan@2', ente: {}, plan: {} }));
      } catch (e) {
        return e as PlanValidationError;
      }
      return null;
    })();
    expect(error?.issues.map(formatPlanIssue)).toContain('x.json: format: expected format: perfbot/plan@1 (value: "perfbot/plan@2")');
  });

  it('warns, without failing, when weights do not sum to 100', () => {
    const text = JSON.stringify({
      format: 'perfbot/plan@1',
      ente: { code: 'e', name: 'E' },
      plan: { code: 'p', title: 'P', year: 2020 },
      orgUnits: [{ code: 'S', name: 'Settore' }],
      objectives: [
        { code: 'O1', title: 'Uno', orgUnits: ['S'], weight: 60, phases: [{ code: '1', title: 'a', weight: 35 }, { code: '2', title: 'b', weight: 40 }] },
        { code: 'O2', title: 'Due', orgUnits: ['S'], weight: 30, indicators: [{ code: 'a', name: 'x', weight: 50 }] },
      ],
    });
    const { warnings } = parsePlanText('w.json', text);
    expect(warnings.map(formatPlanIssue)).toEqual([
      'w.json: orgUnits[S]: objective weights of the sector sum to 90, not 100 (value: 90)',
      'w.json: objectives[O1].phases: phase weights sum to 75, not 100 (value: 75)',
      'w.json: objectives[O2].indicators: indicator weights sum to 50, not 100 (value: 50)',
    ]);
  });
});
