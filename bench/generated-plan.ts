/**
 * A large synthetic plan (by default 1,000 objectives in 10 sectors, 6 phases and 4 indicators each)
 * for benchmarks and split tests. Deterministic: the same size gives the same plan.
 */
import type { PlanFile } from '../src/plan-file/schema.js';

export function generatePlan(objectives = 1000, sectors = 10): PlanFile {
  const orgUnits = Array.from({ length: sectors }, (_, s) => ({ code: `S${s + 1}`, name: `Settore ${s + 1}` }));
  const people = [
    ...orgUnits.map((u, s) => ({ code: `dir-${s + 1}`, name: `Dirigente ${u.code}`, absences: [] })),
    ...Array.from({ length: 50 }, (_, p) => ({ code: `po-${p + 1}`, name: `Responsabile ${p + 1}`, telegram: String(100000000 + p), absences: [] })),
  ];
  const months = ['2022-01', '2022-02', '2022-03', '2022-04', '2022-05', '2022-06', '2022-07', '2022-08', '2022-09', '2022-10', '2022-11', '2022-12'];
  const targets = ['≥ 95%', 'almeno 10', 'entro giugno', 'SI', '<10', 'Max 800 €'];
  return {
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
        target: targets[(o + i) % targets.length]!,
        context: false,
      })),
    })),
    measurements: [],
    phaseProgress: [],
    assessments: [],
  };
}
