/** P10 status class, domain.md §4.3 (thresholds a proposal, configurable per ente). */
import { describe, expect, it } from 'vitest';
import { statusClass } from '../../src/domain/status-class.js';
import { DEFAULT_THRESHOLDS } from '../../src/domain/plan.js';

const final = (pct: number, thresholds = DEFAULT_THRESHOLDS) => statusClass({ kind: 'final', pct, thresholds });
const intermediate = (gap: number, missedDeadline = false, thresholds = DEFAULT_THRESHOLDS) => statusClass({ kind: 'intermediate', gap, missedDeadline, thresholds });

describe('P10 final', () => {
  it('003 classes: 100 in linea, 98 and 90 azioni avviate, below 70 azioni immediate', () => {
    expect(final(100)).toBe('on_track');
    expect(final(98)).toBe('actions_started');
    expect(final(90)).toBe('actions_started');
    expect(final(70)).toBe('actions_started');
    expect(final(69.99)).toBe('immediate_actions');
  });
  it('classifies the % as printed: 99,996 shows as 100,00 and is in linea; 99,994 is not', () => {
    expect(final(99.996)).toBe('on_track');
    expect(final(99.994)).toBe('actions_started');
  });
  it('follows the ente thresholds', () => {
    expect(final(95, { ...DEFAULT_THRESHOLDS, finalOnTrackMinPct: 95 })).toBe('on_track');
    expect(final(60, { ...DEFAULT_THRESHOLDS, finalActionsStartedMinPct: 50 })).toBe('actions_started');
  });
});

describe('P10 intermediate', () => {
  it('gap ≤ 5 pp in linea, ≤ 20 azioni avviate, more azioni immediate; ahead of plan is in linea', () => {
    expect(intermediate(5)).toBe('on_track');
    expect(intermediate(-10)).toBe('on_track');
    expect(intermediate(5.01)).toBe('actions_started');
    expect(intermediate(20)).toBe('actions_started');
    expect(intermediate(20.01)).toBe('immediate_actions');
  });
  it('a missed deadline means azioni immediate whatever the gap', () => {
    expect(intermediate(0, true)).toBe('immediate_actions');
  });
  it('follows the ente thresholds', () => {
    expect(intermediate(15, false, { ...DEFAULT_THRESHOLDS, intermediateOnTrackMaxGap: 15 })).toBe('on_track');
    expect(intermediate(25, false, { ...DEFAULT_THRESHOLDS, intermediateActionsStartedMaxGap: 30 })).toBe('actions_started');
  });
});
