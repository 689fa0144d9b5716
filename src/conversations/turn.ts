/**
 * One turn of a person's conversation: the event, who sent it, the plan and the state as the turn
 * found them, and where its writes go. Handlers change `state` and return replies; the engine saves
 * the state and the writes of `tx` in one commit, then runs `afterCommit`.
 */
import type { ChatEvent, OutgoingMessage } from '../chat/port.js';
import type { Db } from '../db/database.js';
import type { TurnLock } from '../db/conversation-store.js';
import type { KnownPerson } from '../db/identity-store.js';
import type { WriteOutcome } from '../db/value-history.js';
import type { PlanSnapshot } from '../domain/plan-state.js';
import { hasRole } from '../domain/responsibility.js';
import type { CheckinState } from './checkin-state.js';
import type { MessageContext } from './message-context.js';

export type Clock = () => Date;

export interface EngineHooks {
  /** called after an administrator changed the reminder settings (re-plan the ente's reminders) */
  settingsChanged?(enteCode: string): Promise<unknown>;
  /** a one-time web console sign-in URL for a person (absent when the console is off) */
  consoleLink?(enteCode: string, personCode: string): Promise<string>;
  /** told when a write after the turn's commit failed (the turn itself stands) */
  afterCommitFailed?(error: unknown): void;
  /** told after a turn committed the answers it stored (values, progress, assessments, OIV notes; new or corrected ones) */
  answersStored?(platform: string, count: number): void;
}

export interface Turn {
  person: KnownPerson;
  snapshot: PlanSnapshot;
  /** the plan data version the snapshot was cached at (plan-snapshot-cache.ts) */
  version: number;
  state: CheckinState;
  ctx: MessageContext;
  event: ChatEvent;
  /** the ente's local date */
  today: string;
  /**
   * Only for the after-commit writes: during the turn every read and write goes through the lock's
   * transaction (`await turn.lock.take()`), because
   * the libsql adapter holds its one connection for an open transaction, so a query outside it would
   * wait for the turn that waits for it.
   */
  db: Db;
  /**
   * The turn's hold on the conversation: `await turn.lock.take()` before the turn's first read or
   * write gives the transaction for the reads and the writes that must commit with the state
   * (answers, assessments). A turn that never calls it saves its state in one statement.
   */
  lock: Pick<TurnLock, 'take'>;
  /**
   * Writes not tied to the state (reminders cancelled, settings, language), run in order once the
   * turn committed; their replies follow the turn's. They run outside the turn's transaction because
   * they open their own (which, on SQLite, would wait for the turn's).
   */
  afterCommit: Array<() => Promise<OutgoingMessage[]>>;
  hooks: EngineHooks;
  /** the token of the prompt the person had in front of them when the turn began (null: none) */
  token: string | null;
}

/** The OIV reads and comments; it never answers, corrects or assesses. */
export function isReadOnly(turn: Turn): boolean {
  return hasRole(turn.snapshot, turn.person.code, 'oiv', turn.today);
}

/** Reports, once the turn committed, how many answers it stored (`answersStored`); unchanged ones were not stored again. */
export function countStoredAfterCommit(turn: Turn, outcomes: readonly WriteOutcome[]): void {
  const stored = outcomes.filter((outcome) => outcome !== 'unchanged').length;
  if (stored === 0 || !turn.hooks.answersStored) return;
  turn.afterCommit.push(async () => {
    turn.hooks.answersStored?.(turn.event.platform, stored);
    return [];
  });
}
