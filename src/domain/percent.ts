/** Percentages are computed at full precision and rounded to 2 decimals only at the edge (report-format.md). */
export function round2(value: number): number {
  return Math.round((value + Number.EPSILON) * 100) / 100;
}

/** Clamps to 0..100. */
export function clampPct(value: number): number {
  return Math.max(0, Math.min(100, value));
}
