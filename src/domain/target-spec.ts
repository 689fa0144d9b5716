/** Typed forms of what people write as targets (domain.md §3.2). Stored as JSON next to the raw text. */

export type Comparator = 'gte' | 'gt' | 'lte' | 'lt' | 'eq';
export type Unit = 'percent' | 'count' | 'eur' | 'days' | 'score' | 'kmq' | 'ratio' | 'hours' | 'tb' | 'other';
export type RatePeriod = 'day' | 'week' | 'month' | 'season' | 'year';

export type DueDate =
  | { type: 'date'; date: string }
  | { type: 'month'; year: number; month: number }
  | { type: 'year'; year: number }
  | { type: 'legal' | 'regulation' | 'call'; note: string };

export type TargetSpec =
  | { kind: 'numeric'; op: Comparator; value: number; unit: Unit; scaleMax?: number }
  | { kind: 'fraction'; op: Comparator; numerator: number; denominator: number }
  | { kind: 'boolean'; expected: true; deliverable?: string }
  | { kind: 'deadline'; due: DueDate; deliverable?: string }
  | { kind: 'band'; center: number | 'baseline'; tolAbs?: number; tolPct?: number; unit: Unit }
  | { kind: 'rate'; op: Comparator; value: number; per: RatePeriod }
  | { kind: 'composite'; combine: 'all' | 'sum'; parts: Array<{ label?: string; spec: TargetSpec }> }
  | { kind: 'milestone'; text: string; expectedProgressPct?: number }
  | { kind: 'none' };

/** Which way is better when the target itself has no comparator (domain.md §3.2). */
export type Direction = 'higher' | 'lower' | 'exact' | 'band';

export type ParseConfidence = 'high' | 'low';

export interface TargetField {
  raw: string;
  spec: TargetSpec;
  direction: Direction;
  parseConfidence: ParseConfidence;
}
