/**
 * The one date a conversation reads a plan at (issue 14): today while the plan's year runs, and the
 * plan's last monitoring date once it is over — so a 2022 plan read in 2026 shows its state at
 * 31/12/2022, not phases "late by 1613 days", and the check-in, `stato` and `stato SETTORE` of one
 * conversation agree on the date.
 */
import type { IsoDate } from './plan.js';

/** The date `today` reads the plan at: never past its last checkpoint (or, without checkpoints, its year end). */
export function referenceDate(plan: { year: number; checkpoints: IsoDate[] }, today: IsoDate): IsoDate {
  const end = [...plan.checkpoints].sort().at(-1) ?? `${plan.year}-12-31`;
  return today > end ? end : today;
}
