/**
 * The 003 status class of an objective (P10, domain.md §4.3; thresholds not in the seeds – proposal, per
 * ente in StatusThresholds, defaults 100/70 and 5/20 pp). Final: by the objective's % (≥ 100 in linea,
 * 70–99 azioni avviate, < 70 azioni immediate); intermediate: by the gap to plan in points (≤ 5 in linea,
 * ≤ 20 azioni avviate, more — or any missed deadline — azioni immediate).
 * Decision: % and gap are compared after rounding to 2 decimals, so the class always agrees with the
 * number printed next to it (99,999… shown as 100,00 is "in linea"). A negative gap (ahead of plan) is in linea.
 */
import type { StatusClass, StatusThresholds } from './plan.js';
import { round2 } from './percent.js';

export type StatusInput =
  | { kind: 'final'; pct: number; thresholds: StatusThresholds }
  | { kind: 'intermediate'; gap: number; missedDeadline: boolean; thresholds: StatusThresholds };

/** P10, domain.md §4.3: the status class of an objective at a final or intermediate evaluation. */
export function statusClass(input: StatusInput): StatusClass {
  const t = input.thresholds;
  if (input.kind === 'final') {
    const pct = round2(input.pct);
    if (pct >= t.finalOnTrackMinPct) return 'on_track';
    return pct >= t.finalActionsStartedMinPct ? 'actions_started' : 'immediate_actions';
  }
  const gap = round2(input.gap);
  if (input.missedDeadline || gap > t.intermediateActionsStartedMaxGap) return 'immediate_actions';
  return gap <= t.intermediateOnTrackMaxGap ? 'on_track' : 'actions_started';
}
