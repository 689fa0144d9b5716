/**
 * The persisted state of a person's check-in. Versioned: a deploy that changes its shape bumps
 * CHECKIN_STATE_VERSION and migrates older states in `upgradeState`, so half-finished check-ins survive.
 */
import type { IsoDate } from '../domain/plan.js';
import type { MeasuredValue, MeasurementStatus } from '../domain/measured-value.js';
import type { AssessmentFlow } from './final-assessment.js';

export const CHECKIN_STATE_VERSION = 2;

export interface CheckinItem {
  kind: 'phase' | 'indicator';
  objective: string;
  code: string;
  asOf: IsoDate;
  /** the absent person this item is answered for */
  onBehalfOf?: string;
}

export type Draft =
  | { kind: 'phase'; pct: number }
  | { kind: 'indicator'; raw: string; value: MeasuredValue | null; status: MeasurementStatus; reason?: string }
  | { kind: 'skipped' };

export interface CheckinState {
  ente: string;
  plan: string;
  /** id of the check-in (or assessment) in progress: buttons made for another one are stale; '' when idle */
  draft: string;
  /** prompt tokens of the summaries already confirmed (the latest few): a second Conferma is "already saved" */
  confirmed: string[];
  /** idle: nothing in progress; asking: waiting for the answer to items[current]; confirming: summary shown; choosing: picking an answer to edit; assessing: the final assessment */
  mode: 'idle' | 'asking' | 'confirming' | 'choosing' | 'assessing';
  items: CheckinItem[];
  current: number;
  drafts: Record<string, Draft>;
  /** items already postponed once with "dopo" */
  postponed: string[];
  /** items whose answer was confirmed and saved (or confirmed as skipped) in this check-in */
  saved: string[];
  /** true when the check-in corrects answers already saved (after "modifica") */
  editing: boolean;
  /** after re-answering from the summary, go back to the summary */
  returnToSummary: boolean;
  /** the final assessment in progress (mode `assessing`); absent in states stored before it existed */
  assessment?: AssessmentFlow;
  /**
   * An answer to items[current] held back by a follow-up question: the reason of a «non rilevabile»
   * (domain.md §3.3 "non rilevabile: motivo"), or a confirmation of a possible but unlikely value.
   * Nothing is kept as a draft until the follow-up is answered.
   */
  followUp?: FollowUp;
}

/** A follow-up question about the answer just given (see CheckinState.followUp). */
export type FollowUp =
  | { ask: 'reason'; draft: Extract<Draft, { kind: 'indicator' }> }
  | { ask: 'plausible'; draft: Draft; problem: string; shown: string; limit?: string };

/** Items answered (or skipped) in this check-in but not yet confirmed: what the summary shows. */
export function unconfirmedItems(state: CheckinState): CheckinItem[] {
  return state.items.filter((item) => state.drafts[itemKey(item)] && !state.saved.includes(itemKey(item)));
}

export function itemKey(item: Pick<CheckinItem, 'kind' | 'objective' | 'code' | 'asOf'>): string {
  return `${item.kind}:${item.objective}/${item.code}@${item.asOf}`;
}

/** Nothing in progress; `confirmed` carries over so a late second Conferma is still recognised. */
export function idleState(ente: string, plan: string, confirmed: string[] = []): CheckinState {
  return { ente, plan, draft: '', confirmed, mode: 'idle', items: [], current: 0, drafts: {}, postponed: [], saved: [], editing: false, returnToSummary: false };
}

/** Brings a stored state to the current version: version 1 had no draft id (its buttons carry no token and are stale). */
export function upgradeState(version: number, state: unknown): CheckinState | null {
  if (version === CHECKIN_STATE_VERSION) return state as CheckinState;
  if (version === 1) return { draft: 'v1', confirmed: [], ...(state as Omit<CheckinState, 'draft' | 'confirmed'>) };
  return null;
}
