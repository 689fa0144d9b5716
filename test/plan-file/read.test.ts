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

describe('issue 10 item 8: plan validation refuses cycles, bad codes and stray checkpoints with file, path and value', () => {
  const base = () => ({
    format: 'perfbot/plan@1',
    ente: { code: 'e', name: 'E' },
    plan: { code: 'p', title: 'P', year: 2022, checkpoints: ['2022-07-31', '2022-12-31'] },
    orgUnits: [{ code: 'S', name: 'Settore' }],
    people: [{ code: 'rossi-a', name: 'Anna Rossi' }],
    objectives: [
      {
        code: 'O1',
        title: 'Uno',
        orgUnits: ['S'],
        phases: [
          { code: 'A', title: 'a' },
          { code: 'B', title: 'b', parent: 'A' },
          { code: 'C', title: 'c', parent: 'B' },
        ],
        indicators: [{ code: 'i1', name: 'x' }],
      },
    ],
  });

  function issues(plan: unknown): string[] {
    try {
      parsePlanText('p.json', JSON.stringify(plan));
    } catch (error) {
      if (error instanceof PlanValidationError) return error.issues.map(formatPlanIssue);
      throw error;
    }
    return [];
  }

  it('accepts the plan the mutations below start from', () => {
    expect(issues(base())).toEqual([]);
  });

  it('refuses A→B→A', () => {
    const plan = base();
    plan.objectives[0]!.phases[0]!.parent = 'B';
    expect(issues(plan)).toEqual([
      'p.json: objectives[O1].phases[A].parent: phase parents form a cycle (A → B → A) (value: "B")',
      'p.json: objectives[O1].phases[B].parent: phase parents form a cycle (B → A → B) (value: "A")',
    ]);
  });

  it('refuses A→B→C→A', () => {
    const plan = base();
    plan.objectives[0]!.phases[0]!.parent = 'C';
    expect(issues(plan)).toEqual([
      'p.json: objectives[O1].phases[A].parent: phase parents form a cycle (A → C → B → A) (value: "C")',
      'p.json: objectives[O1].phases[B].parent: phase parents form a cycle (B → A → C → B) (value: "A")',
      'p.json: objectives[O1].phases[C].parent: phase parents form a cycle (C → B → A → C) (value: "B")',
    ]);
  });

  it.each([
    ['objective', (p: ReturnType<typeof base>, v: string) => (p.objectives[0]!.code = v), (v: string) => `objectives[${v}].code`],
    ['phase', (p: ReturnType<typeof base>, v: string) => (p.objectives[0]!.phases[0]!.code = v), (v: string) => `objectives[O1].phases[${v}].code`],
    ['indicator', (p: ReturnType<typeof base>, v: string) => (p.objectives[0]!.indicators[0]!.code = v), (v: string) => `objectives[O1].indicators[${v}].code`],
    ['person', (p: ReturnType<typeof base>, v: string) => (p.people[0]!.code = v), (v: string) => `people[${v}].code`],
    ['orgUnit', (p: ReturnType<typeof base>, v: string) => (p.orgUnits[0]!.code = v), (v: string) => `orgUnits[${v}].code`],
  ])('refuses a %s code with "/" or a newline', (_what, set, pathOf) => {
    for (const bad of ['RU/1', 'RU\n1', 'RU 1', 'perché']) {
      const plan = base();
      set(plan, bad);
      expect(issues(plan), JSON.stringify(bad)).toContain(`p.json: ${pathOf(bad)}: a code may use only A-Z a-z 0-9 . _ - (value: ${JSON.stringify(bad)})`);
    }
  });

  it('refuses duplicate checkpoints and checkpoints outside the plan year', () => {
    const plan = base();
    plan.plan.checkpoints = ['2022-07-31', '2022-07-31', '2023-01-31', '2021-12-31'];
    expect(issues(plan)).toEqual([
      'p.json: plan.checkpoints[1]: duplicate checkpoint (value: "2022-07-31")',
      'p.json: plan.checkpoints[2]: checkpoint outside the plan year 2022 (value: "2023-01-31")',
      'p.json: plan.checkpoints[3]: checkpoint outside the plan year 2022 (value: "2021-12-31")',
    ]);
  });

  it.each(['2022-02-29', '2022-04-31', '0000-01-01'])('refuses the impossible date %s in a plan file (item 9)', (date) => {
    const plan = base();
    plan.plan.checkpoints = [date];
    expect(issues(plan)).toContain(`p.json: plan.checkpoints[0]: not a valid calendar date (value: "${date}")`);
  });
});
