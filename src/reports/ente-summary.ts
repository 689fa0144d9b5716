/**
 * The ente-wide weekly summary for ente-wide coordinators (issue 6): the ente's overall %, one
 * line per sector (code, name, dirigente, %, method, objectives, counts by status class, overdue
 * phases, people not yet answered), then the sectors that need attention — those with objectives
 * in "azioni correttive immediate" or with overdue phases, the longest delays first. Built from
 * `buildReport`, so its numbers are the report's and the sector digests'.
 */
import type { IsoDate } from '../domain/plan.js';
import type { PlanSnapshot } from '../domain/plan-state.js';
import type { Report } from './report-schema.js';

/** How many of a sector's overdue phases the attention list names (the longest delays). */
export const LONGEST_OVERDUE = 3;

export interface EnteSummarySector {
  code: string;
  name: string;
  dirigente: string | null;
  pct: number | null;
  method: 'weighted' | 'mean';
  objectives: number;
  counts: Record<string, number>;
  overduePhases: number;
  /** people with unanswered items, and how many items in all */
  pendingPeople: number;
  pendingItems: number;
}

export interface AttentionPhase {
  objective: string;
  code: string;
  title: string;
  daysLate: number;
}

export interface EnteSummaryAttention {
  sector: { code: string; name: string };
  immediate: Array<{ code: string; title: string }>;
  longestOverdue: AttentionPhase[];
}

export interface EnteSummary {
  ente: string;
  asOf: IsoDate;
  pct: number | null;
  sectors: EnteSummarySector[];
  attention: EnteSummaryAttention[];
}

export function buildEnteSummary(report: Report, snapshot: PlanSnapshot): EnteSummary {
  const perSector = report.sectors.map((sector) => {
    const objectives = report.objectives.filter((o) => o.sectors.includes(sector.code));
    const overdue: AttentionPhase[] = objectives
      .flatMap((o) => o.phases.filter((p) => p.status === 'active' && p.overdue && p.daysLate !== null).map((p) => ({ objective: o.code, code: p.code, title: p.title, daysLate: p.daysLate as number })))
      .sort((a, b) => b.daysLate - a.daysLate || a.objective.localeCompare(b.objective, 'it', { numeric: true }) || a.code.localeCompare(b.code, 'it', { numeric: true }));
    const immediate = objectives.filter((o) => o.status === 'immediate_actions').map((o) => ({ code: o.code, title: o.title }));
    const line: EnteSummarySector = {
      code: sector.code,
      name: sector.name,
      dirigente: sector.dirigente,
      pct: sector.pct,
      method: sector.method,
      objectives: sector.objectives,
      counts: sector.status,
      overduePhases: overdue.length,
      pendingPeople: sector.pending.length,
      pendingItems: sector.pending.reduce((n, p) => n + p.items, 0),
    };
    return { line, attention: { sector: { code: sector.code, name: sector.name }, immediate, longestOverdue: overdue.slice(0, LONGEST_OVERDUE) } };
  });
  // Most urgent first: immediate actions, then the longest delay.
  const attention = perSector
    .map((s) => s.attention)
    .filter((a) => a.immediate.length > 0 || a.longestOverdue.length > 0)
    .sort((a, b) => b.immediate.length - a.immediate.length || (b.longestOverdue[0]?.daysLate ?? 0) - (a.longestOverdue[0]?.daysLate ?? 0) || a.sector.code.localeCompare(b.sector.code));
  return { ente: snapshot.ente.name, asOf: report.asOf, pct: report.pct, sectors: perSector.map((s) => s.line), attention };
}
