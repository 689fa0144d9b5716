/**
 * Percentages are computed at full precision and rounded to 2 decimals only at the edge
 * (report-format.md: "numbers 0..100 rounded to 2 decimals").
 */

/**
 * Rounds to 2 decimals, halves away from zero (99,0769… → 99,08; 1,005 → 1,01; −2,125 → −2,13).
 * The tiny relative nudge absorbs binary noise such as 1.005 × 100 = 100.49999999999999, so a value
 * printed with a half cent rounds the way a person reading it expects.
 */
export function round2(value: number): number {
  if (!Number.isFinite(value)) return value;
  const rounded = Math.round(Math.abs(value) * 100 * (1 + 1e-12)) / 100;
  if (rounded === 0) return 0;
  return value < 0 ? -rounded : rounded;
}

/** Clamps a percentage to 0..100 (planned and actual % are on that scale, domain.md P1/P4). */
export function clampPct(value: number): number {
  return Math.max(0, Math.min(100, value));
}
