/**
 * Issue 10 item 8, fuzzed: 1,000 plan files made by mutating the example plans and the test
 * fixtures (fields dropped, list items duplicated, codes, dates, parents, weights and checkpoints
 * altered). Every plan the reader accepts must be valid by the independent checker below (codes,
 * unique codes, references, no parent cycles, weights and percentages, real dates in order,
 * checkpoints). A sample goes through `perfbot import` into the database: accepted ones import, and
 * rejected ones leave every row count unchanged.
 */
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { parsePlanText } from '../../src/plan-file/read.js';
import { PlanValidationError } from '../../src/plan-file/plan-validation-error.js';
import type { PlanFile } from '../../src/plan-file/schema.js';
import { countRows, createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { faultTally } from './fault-log.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const SOURCES = ['examples/segrate-pdo-2022.json', 'examples/terre-argine-2020.json', 'test/fixtures/small-plan.yaml', 'test/fixtures/checkin-plan.yaml', 'test/fixtures/assessment-plan.yaml', 'test/fixtures/dst-plan.yaml'];
const plans = SOURCES.map((file) => {
  const text = readFileSync(path.join(root, file), 'utf8');
  // YAML dates become strings through JSON, as the reader would take them.
  return JSON.parse(JSON.stringify(file.endsWith('.json') ? JSON.parse(text) : parseYaml(text))) as Record<string, unknown>;
});

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Node = { parent: Json[] | { [key: string]: Json }; key: string | number; value: Json };

function nodesOf(value: Json, out: Node[] = []): Node[] {
  if (Array.isArray(value)) value.forEach((child, i) => (out.push({ parent: value, key: i, value: child }), nodesOf(child, out)));
  else if (value && typeof value === 'object') for (const [key, child] of Object.entries(value)) out.push({ parent: value, key, value: child }), nodesOf(child, out);
  return out;
}

const BAD_CODES = ['A/B', 'x\ny', '', 'RU 1', 'perché', '1', 'RU-1', 'A', 'B', 'ferrari-m'];
const DATES = ['2022-02-30', '2022-02-29', '2024-02-29', '0000-01-01', '2022-13-01', '2022-04-31', '2022-06-30', '2021-12-31', '2023-01-01', '2020-11-15', '2022-12-31'];
const NUMBERS = [-1, 0, 0.5, 33.3, 50, 100, 100.01, 101, 1e9, -0];

/** One mutation, chosen by `op`, at the node picked by `at`, with the value picked by `pick`. */
function mutate(plan: Json, op: number, at: number, pick: number): void {
  const nodes = nodesOf(plan);
  const node = nodes[at % nodes.length]!;
  const set = (value: Json) => ((node.parent as Record<string | number, Json>)[node.key] = value);
  switch (op) {
    case 0: // drop a field or a list item
      if (Array.isArray(node.parent)) node.parent.splice(node.key as number, 1);
      else delete node.parent[node.key as string];
      return;
    case 1: // duplicate a list item
      if (Array.isArray(node.parent)) node.parent.push(structuredClone(node.value));
      return;
    case 2: {
      // alter a value the way people get it wrong, by what the field holds
      const key = String(node.key);
      if (key === 'code' || key === 'parent' || key === 'person' || key === 'responsible' || key === 'owner' || key === 'reporter' || key === 'deputy' || key === 'orgUnit') set(BAD_CODES[pick % BAD_CODES.length]!);
      else if (typeof node.value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(node.value)) set(DATES[pick % DATES.length]!);
      else if (typeof node.value === 'number') set(NUMBERS[pick % NUMBERS.length]!);
      else if (typeof node.value === 'string') set(pick % 2 ? '' : `${node.value}/x`);
      else set(null);
      return;
    }
    case 3: {
      // rewire a phase's parent to a sibling (cycles, self-parents, chains)
      const phases = nodes.filter((n) => n.key === 'phases' && Array.isArray(n.value)).map((n) => n.value as Array<Record<string, Json>>).filter((list) => list.length > 1);
      const list = phases[pick % Math.max(phases.length, 1)];
      if (!list) return;
      const child = list[at % list.length]!;
      child.parent = list[pick % list.length]!.code ?? null;
      return;
    }
    case 4: {
      // a checkpoint repeated or out of the year
      const planNode = (plan as Record<string, Record<string, Json>>).plan;
      if (!planNode || !Array.isArray(planNode.checkpoints)) return;
      planNode.checkpoints.push(pick % 2 && planNode.checkpoints.length > 0 ? planNode.checkpoints[0]! : DATES[pick % DATES.length]!);
      return;
    }
    default: {
      // a weight changed (objective, phase or indicator)
      const weighted = nodes.filter((n) => n.key === 'weight');
      const target = weighted[at % Math.max(weighted.length, 1)];
      if (target) (target.parent as Record<string, Json>).weight = NUMBERS[pick % NUMBERS.length]!;
    }
  }
}

const CODE = /^[A-Za-z0-9._-]+$/;

/** A real date, by luxon rather than the reader's own check. */
function realDate(value: unknown): boolean {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value, { zone: 'utc' }).isValid && Number(value.slice(0, 4)) >= 1900;
}

/** The independent checker: what any imported plan must satisfy. Returns the problems found. */
function problemsOf(plan: PlanFile): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => void (ok || problems.push(what));
  const unique = (codes: string[], where: string) => need(new Set(codes).size === codes.length, `duplicate code in ${where}`);
  const acyclic = (parents: Map<string, string | undefined>, where: string) => {
    for (const start of parents.keys()) {
      const seen = new Set([start]);
      for (let p = parents.get(start); p !== undefined; p = parents.get(p)) {
        if (seen.has(p)) return void problems.push(`parent cycle in ${where} at ${start}`);
        seen.add(p);
      }
    }
  };
  const inOrder = (from: unknown, to: unknown, where: string) => need(from === undefined || to === undefined || (from as string) <= (to as string), `dates out of order in ${where}`);
  const weightOk = (w: unknown, where: string) => need(w === undefined || (typeof w === 'number' && w >= 0 && w <= 100), `weight ${String(w)} in ${where}`);
  const pctOk = (p: unknown, where: string) => need(p === undefined || (typeof p === 'number' && p >= 0 && p <= 100), `pct ${String(p)} in ${where}`);

  const units = plan.orgUnits.map((u) => u.code);
  const people = plan.people.map((p) => p.code);
  const objectives = plan.objectives.map((o) => o.code);
  for (const code of [...units, ...people, ...objectives]) need(CODE.test(code), `bad code ${JSON.stringify(code)}`);
  unique(units, 'orgUnits');
  unique(people, 'people');
  unique(objectives, 'objectives');
  for (const u of plan.orgUnits) need(u.parent === undefined || units.includes(u.parent), `unknown parent of ${u.code}`);
  acyclic(new Map(plan.orgUnits.map((u) => [u.code, u.parent])), 'orgUnits');

  need(plan.plan.checkpoints.every(realDate), 'checkpoint not a real date');
  need(new Set(plan.plan.checkpoints).size === plan.plan.checkpoints.length, 'duplicate checkpoint');
  need(plan.plan.checkpoints.every((d) => d.startsWith(String(plan.plan.year))), 'checkpoint outside the year');

  for (const person of plan.people) {
    for (const a of person.absences) {
      need(realDate(a.from) && realDate(a.to), `absence dates of ${person.code}`);
      inOrder(a.from, a.to, `absence of ${person.code}`);
      need(a.deputy === undefined || (people.includes(a.deputy) && a.deputy !== person.code), `deputy of ${person.code}`);
    }
  }
  for (const role of plan.roles) {
    need(people.includes(role.person), `role person ${role.person}`);
    need(role.orgUnit === undefined || units.includes(role.orgUnit), `role orgUnit ${role.orgUnit}`);
    need(role.objective === undefined || objectives.includes(role.objective), `role objective ${role.objective}`);
    need([role.from, role.to].every((d) => d === undefined || realDate(d)), 'role dates');
    inOrder(role.from, role.to, `role of ${role.person}`);
  }
  const phasePaths = new Set<string>();
  const indicatorPaths = new Set<string>();
  for (const o of plan.objectives) {
    weightOk(o.weight, o.code);
    need(o.orgUnits.length > 0 && o.orgUnits.every((u) => units.includes(u)), `orgUnits of ${o.code}`);
    need(o.responsible === undefined || people.includes(o.responsible), `responsible of ${o.code}`);
    const phases = o.phases.map((p) => p.code);
    const indicators = o.indicators.map((i) => i.code);
    unique(phases, `phases of ${o.code}`);
    unique(indicators, `indicators of ${o.code}`);
    acyclic(new Map(o.phases.map((p) => [p.code, p.parent])), `phases of ${o.code}`);
    for (const p of o.phases) {
      need(CODE.test(p.code), `bad phase code ${JSON.stringify(p.code)}`);
      need(p.parent === undefined || phases.includes(p.parent), `parent of ${o.code}/${p.code}`);
      need(p.owner === undefined || people.includes(p.owner), `owner of ${o.code}/${p.code}`);
      need((p.indicators ?? []).every((i) => indicators.includes(i)), `indicators of ${o.code}/${p.code}`);
      need([p.start, p.end].every((d) => d === undefined || realDate(d)), `dates of ${o.code}/${p.code}`);
      inOrder(p.start, p.end, `${o.code}/${p.code}`);
      weightOk(p.weight, `${o.code}/${p.code}`);
      pctOk(p.priorPct, `${o.code}/${p.code}`);
      phasePaths.add(`${o.code}/${p.code}`);
    }
    for (const i of o.indicators) {
      need(CODE.test(i.code), `bad indicator code ${JSON.stringify(i.code)}`);
      need(i.reporter === undefined || people.includes(i.reporter), `reporter of ${o.code}/${i.code}`);
      weightOk(i.weight, `${o.code}/${i.code}`);
      indicatorPaths.add(`${o.code}/${i.code}`);
    }
  }
  for (const m of plan.measurements) {
    need(indicatorPaths.has(m.indicator) && realDate(m.at), `measurement ${m.indicator}`);
    need(m.by === undefined || people.includes(m.by), `measurement by ${m.by}`);
  }
  for (const p of plan.phaseProgress) {
    need(phasePaths.has(p.phase) && realDate(p.at), `progress ${p.phase}`);
    pctOk(p.pct, `progress ${p.phase}`);
  }
  for (const a of plan.assessments) need(objectives.includes(a.objective) && realDate(a.at), `assessment ${a.objective}`);
  return problems;
}

interface Sample {
  source: number;
  json: string;
}

let t: TestDatabase;
let dir: string;
beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'perfbot-fuzz-'));
});
afterAll(async () => {
  await t?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('fuzzing the plan importer (issue 10 item 8)', () => {
  it('accepts only valid plans out of 1,000 mutated files; a rejected file writes nothing', async () => {
    const tally = faultTally('plan importer fuzz');
    const accepted: Sample[] = [];
    const rejected: Sample[] = [];
    const mutation = fc.tuple(fc.nat(5), fc.nat(), fc.nat());
    fc.assert(
      fc.property(fc.nat(SOURCES.length - 1), fc.array(mutation, { minLength: 1, maxLength: 3 }), (source, mutations) => {
        tally.round();
        const plan = structuredClone(plans[source]!) as Json;
        for (const [op, at, pick] of mutations) mutate(plan, op, at, pick);
        const json = JSON.stringify(plan);
        try {
          const read = parsePlanText('mutated.json', json);
          expect(problemsOf(read.plan), `${SOURCES[source]} ${JSON.stringify(mutations)}`).toEqual([]);
          accepted.push({ source, json });
        } catch (error) {
          if (!(error instanceof PlanValidationError)) throw error;
          // A refusal says where and why, one issue at least, each with its file.
          expect(error.issues.length).toBeGreaterThan(0);
          expect(error.issues.every((issue) => issue.file === 'mutated.json' && issue.message.length > 0)).toBe(true);
          rejected.push({ source, json });
        }
        tally.check();
      }),
      { numRuns: 1_000, seed: 10_008 },
    );
    // Both outcomes must be common, or the fuzzing proves little.
    expect(accepted.length).toBeGreaterThan(50);
    expect(rejected.length).toBeGreaterThan(300);
    tally.check(2);

    // Into the database: small plans (the fixtures) keep this within minutes on PostgreSQL too.
    const small = (s: Sample) => s.source >= 2;
    const importFile = async (sample: Sample, name: string) => {
      const file = path.join(dir, name);
      writeFileSync(file, sample.json);
      let stderr = '';
      const code = await runCli(['import', file], { stdout: () => {}, stderr: (s) => (stderr += s), env: { DATABASE_URL: t.url } });
      return { code, stderr };
    };
    for (const [i, sample] of accepted.filter(small).slice(0, 12).entries()) {
      tally.round();
      const result = await importFile(sample, `accepted-${i}.json`);
      expect(result, sample.json.slice(0, 200)).toMatchObject({ code: 0 });
      tally.check();
    }
    for (const [i, sample] of [...rejected.filter(small).slice(0, 25), ...rejected.filter((s) => !small(s)).slice(0, 5)].entries()) {
      tally.round();
      const before = await countRows(t.db);
      const result = await importFile(sample, `rejected-${i}.json`);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/perfbot: nothing was written \(\d+ error\(s\)\)\n$/);
      expect(await countRows(t.db)).toEqual(before);
      tally.check(3);
    }
    tally.report();
  });
});
