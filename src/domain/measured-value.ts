/** Typed forms of what reporters answer (domain.md §3.3). */

export type MeasuredValue =
  | { kind: 'number'; value: number; approx?: boolean; bound?: 'gt' | 'lt' }
  | { kind: 'fraction'; numerator: number; denominator: number }
  | { kind: 'boolean'; value: boolean; actDate?: string; actRef?: string }
  | { kind: 'date'; date: string }
  | { kind: 'composite'; parts: Array<{ label?: string; value: MeasuredValue }> }
  | { kind: 'text'; text: string; progressPct?: number };

export const MEASUREMENT_STATUSES = [
  'measured',
  'not_measurable',
  'year_end_only',
  'not_applicable',
  'not_reported',
  'suspended',
  'in_progress',
  'postponed',
] as const;
export type MeasurementStatus = (typeof MEASUREMENT_STATUSES)[number];
