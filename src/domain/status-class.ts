/**
 * P10, domain.md §4.3: the 003 status class of an objective. Final: by achievement %;
 * intermediate: by the largest phase gap in points, or immediate when a deadline was missed.
 * Thresholds are per ente (StatusThresholds; defaults 100/70 and 5/20).
 */
import type { StatusClass, StatusThresholds } from './plan.js';

export type StatusInput =
  | { kind: 'final'; pct: number; thresholds: StatusThresholds }
  | { kind: 'intermediate'; gap: number; missedDeadline: boolean; thresholds: StatusThresholds };

export function statusClass(input: StatusInput): StatusClass {
  const t = input.thresholds;
  if (input.kind === 'final') {
    if (input.pct >= t.finalOnTrackMinPct) return 'on_track';
    return input.pct >= t.finalActionsStartedMinPct ? 'actions_started' : 'immediate_actions';
  }
  if (input.missedDeadline || input.gap > t.intermediateActionsStartedMaxGap) return 'immediate_actions';
  return input.gap <= t.intermediateOnTrackMaxGap ? 'on_track' : 'actions_started';
}
