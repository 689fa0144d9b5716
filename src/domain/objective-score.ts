/**
 * P8, domain.md §4.3: an objective's computed % from its indicators (weighted when indicator
 * weights exist, else a plain mean), from its phases, or a blend, as the plan's scoring says.
 * The declared % of an assessment overrides it (objective.pct = declared ?? computed).
 */

export interface ScoredIndicator {
  weight?: number;
  context: boolean;
  /** capped achievement 0..1, null when not measured or not scorable */
  achievement: number | null;
}

/** Indicator part of P8: Σ p·a / Σ p over weighted scored indicators, else the mean; 0..100 or null. */
export function indicatorsPct(indicators: ScoredIndicator[]): number | null {
  const scored = indicators.filter((i) => !i.context && i.achievement !== null);
  if (scored.length === 0) return null;
  const weighted = scored.filter((i) => i.weight !== undefined && i.weight > 0);
  if (weighted.length > 0) {
    const total = weighted.reduce((sum, i) => sum + (i.weight as number), 0);
    return (100 * weighted.reduce((sum, i) => sum + (i.weight as number) * (i.achievement as number), 0)) / total;
  }
  return (100 * scored.reduce((sum, i) => sum + (i.achievement as number), 0)) / scored.length;
}

/**
 * P8: 'indicators' → indicatorsPct; 'phases' → phasesPct; 'blend' → (1 − phaseBlend)·indicators +
 * phaseBlend·phases (falls back to whichever part exists). Null when nothing can be computed.
 */
export function objectiveScore(input: {
  mode: 'indicators' | 'phases' | 'blend';
  phaseBlend: number;
  indicators: ScoredIndicator[];
  phasesPct: number | null;
}): number | null {
  const fromIndicators = indicatorsPct(input.indicators);
  if (input.mode === 'indicators') return fromIndicators;
  if (input.mode === 'phases') return input.phasesPct;
  if (fromIndicators === null) return input.phasesPct;
  if (input.phasesPct === null) return fromIndicators;
  return (1 - input.phaseBlend) * fromIndicators + input.phaseBlend * input.phasesPct;
}
