/**
 * A large synthetic plan (by default 1,000 objectives in 10 sectors, 6 phases and 4 indicators each)
 * for benchmarks and split tests. Deterministic: the same size, seed and options give the same plan.
 * The default (seed 1, nothing answered) is the plan the golden files were made from.
 */
import type { PlanFile } from './schema.js';

export interface GenerateOptions {
  /** varies the targets and the recorded answers; 1 (the default) is the historical plan */
  seed?: number;
  /**
   * Records answers as a plan in use has them: progress on every phase (at the first monitoring
   * date) and values on half the indicators, so the answer-dependent paths are measured too.
   */
  answered?: boolean;
}

/** A small deterministic pseudo-random generator (mulberry32): the same seed, the same numbers. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Generates a plan of `objectives` objectives spread over `sectors` sectors. */
export function generatePlan(objectives = 1000, sectors = 10, options: GenerateOptions = {}): PlanFile {
  const seed = options.seed ?? 1;
  const orgUnits = Array.from({ length: sectors }, (_, s) => ({ code: `S${s + 1}`, name: `Settore ${s + 1}` }));
  const people = [
    ...orgUnits.map((u, s) => ({ code: `dir-${s + 1}`, name: `Dirigente ${u.code}`, absences: [] })),
    ...Array.from({ length: 50 }, (_, p) => ({ code: `po-${p + 1}`, name: `Responsabile ${p + 1}`, telegram: String(100000000 + p), absences: [] })),
  ];
  const months = ['2022-01', '2022-02', '2022-03', '2022-04', '2022-05', '2022-06', '2022-07', '2022-08', '2022-09', '2022-10', '2022-11', '2022-12'];
  const targets = ['≥ 95%', 'almeno 10', 'entro giugno', 'SI', '<10', 'Max 800 €'];
  const values = ['97%', '12', '2022-06-15', 'sì', '8', '750 €'];
  const shift = (seed - 1) % targets.length;
  const plan: PlanFile = {
    format: 'perfbot/plan@1',
    ente: { code: 'bench', name: 'Comune di Benchmark', timezone: 'Europe/Rome', locale: 'it' },
    plan: { code: 'pp-2022', title: 'Piano generato', year: 2022, checkpoints: ['2022-07-31', '2022-12-31'] },
    orgUnits,
    people,
    roles: orgUnits.map((u, s) => ({ person: `dir-${s + 1}`, role: 'dirigente' as const, orgUnit: u.code })),
    objectives: Array.from({ length: objectives }, (_, o) => ({
      code: `OB-${o + 1}`,
      title: `Obiettivo generato numero ${o + 1}`,
      orgUnits: [orgUnits[o % sectors]!.code],
      transversal: false,
      responsible: `po-${(o % 50) + 1}`,
      weight: 100 / Math.ceil(objectives / sectors),
      status: 'active' as const,
      phases: Array.from({ length: 6 }, (_, p) => ({
        code: String(p + 1),
        title: `Fase ${p + 1}`,
        weight: p < 4 ? 15 : 20,
        status: 'active' as const,
        monthly: { [months[p * 2]!]: 50, [months[p * 2 + 1]!]: 50 },
      })),
      indicators: Array.from({ length: 4 }, (_, i) => ({
        code: String.fromCharCode(97 + i),
        name: `Indicatore ${i + 1}`,
        weight: 25,
        target: targets[(o + i + shift) % targets.length]!,
        context: false,
      })),
    })),
    measurements: [],
    phaseProgress: [],
    assessments: [],
    acknowledgedWarnings: [],
  };
  if (options.answered) {
    const next = random(seed);
    const at = plan.plan.checkpoints[0]!;
    for (const objective of plan.objectives) {
      const by = objective.responsible;
      for (const phase of objective.phases) {
        plan.phaseProgress.push({ phase: `${objective.code}/${phase.code}`, at, pct: Math.round(next() * 20) * 5, ...(by ? { by } : {}) });
      }
      objective.indicators.forEach((indicator, i) => {
        if (next() < 0.5) return;
        const kind = targets.indexOf(indicator.target!);
        plan.measurements.push({ indicator: `${objective.code}/${indicator.code}`, at, value: values[kind >= 0 ? kind : i % values.length]!, ...(by ? { by } : {}) });
      });
    }
  }
  return plan;
}
