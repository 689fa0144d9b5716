/**
 * The check-in engine: a state machine, persisted in the database after every turn, that asks a
 * person their pending items one at a time, validates each answer with the domain parsers, shows a
 * summary and saves everything on "Conferma". It talks to people only through platform-free
 * messages; adapters render them.
 *
 * One turn at a time per person, on every database and across processes: a person's events queue in
 * this process (TurnQueue), and each turn commits only over the conversation revision it loaded
 * (db/conversation-store.ts), together with what it wrote (answers, assessments) and the delivery it
 * handled; a turn that lost the race runs again on the state the winner left.
 */
import { DateTime } from 'luxon';
import type { ChatEvent, OutgoingMessage } from '../chat/port.js';
import type { Platform } from '../domain/platform.js';
import type { ConversationHandler } from './conversation-handler.js';
import type { Db } from '../db/database.js';
import { claimDelivery, claimDeliveryInTurn, createConversation, loadConversationAndVersion, LostTurnError, TurnLock, type LoadedConversation } from '../db/conversation-store.js';
import { isCurrentValueConflict } from '../db/unique-violation.js';
import { findPersonByAccount, markUnreachable, redeemInvite, type KnownPerson } from '../db/identity-store.js';
import { latestPlanCode, loadPlanSnapshot } from '../db/plan-repository.js';
import { planDataVersion } from '../db/plan-snapshot-cache.js';
import { turnDriverOf, type TurnDriver } from '../db/turn-driver.js';
import { isLocale, translator, type Locale } from '../i18n/messages.js';
import { CHECKIN_STATE_VERSION, idleState, upgradeState, type CheckinState } from './checkin-state.js';
import { promptToken, stampChoices } from './choice-value.js';
import { route } from './command-router.js';
import { databaseUnavailable } from './database-unavailable.js';
import { TurnQueue } from './turn-queue.js';
import type { Clock, EngineHooks, Turn } from './turn.js';

export type { Clock, EngineHooks };

/** A turn that lost the race this many times in a row gives up (another process keeps winning). */
const MAX_ATTEMPTS = 100;
/** Room for a turn waiting behind others (SQLite runs one transaction at a time per process). */
const TURN_TRANSACTION = { maxWait: 30_000, timeout: 30_000 };

/** Thrown when a turn could not commit in MAX_ATTEMPTS tries: the person's conversation kept changing under it. */
export class TurnContentionError extends Error {
  constructor(readonly personId: number) {
    super(`the turn of person ${personId} kept losing to concurrent turns`);
    this.name = 'TurnContentionError';
  }
}

export class CheckinEngine implements ConversationHandler {
  private readonly queue = new TurnQueue();
  /** chat account → person id, from earlier turns: lets a turn read its conversation with the version */
  private readonly personIds = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly hooks: EngineHooks = {},
  ) {}

  async markUnreachable(platform: Platform, userId: string, reason: string): Promise<void> {
    await markUnreachable(this.db, platform, userId, reason, this.clock());
  }

  /** Handles one event; events of one chat account are handled in the order they arrived. */
  handle(event: ChatEvent): Promise<OutgoingMessage[]> {
    // Queued before any await, so the order is the order of arrival.
    return this.queue.run(`${event.platform}:${event.userId}`, () => this.handleNow(event));
  }

  private async handleNow(event: ChatEvent): Promise<OutgoingMessage[]> {
    let locale: Locale = 'it';
    try {
      // One read of the plan data version serves the person, the plan code and the snapshot (all
      // cached by it); for an account seen before it comes with the conversation, in one statement.
      const account = `${event.platform}:${event.userId}`;
      const known = this.personIds.get(account);
      const loaded = known === undefined ? undefined : await loadConversationAndVersion<unknown>(this.db, known);
      const version = loaded?.version ?? (await planDataVersion(this.db));
      const person = await findPersonByAccount(this.db, event.platform, event.userId, version);
      if (!person) {
        this.personIds.delete(account);
        return await this.stranger(event);
      }
      this.personIds.set(account, person.id);
      locale = isLocale(person.locale) ? person.locale : isLocale(person.ente.locale) ? person.ente.locale : 'it';
      return await this.turn(person, event, version, person.id === known ? loaded?.conversation : undefined);
    } catch (error) {
      // Nothing of the turn was committed: the person may simply send it again.
      if (databaseUnavailable(error)) return [{ text: translator(locale)('checkin.unavailable') }];
      throw error;
    }
  }

  /** Starts a check-in for a person without a message from them (a reminder); [] when nothing is pending. */
  async startFor(platform: Platform, userId: string, chatId: string): Promise<OutgoingMessage[]> {
    return this.handle({ platform, userId, chatId, kind: 'command', command: 'rispondi', text: '' });
  }

  /** Someone not linked to a person: `/start CODE` redeems an invite, anything else is answered politely. */
  private async stranger(event: ChatEvent): Promise<OutgoingMessage[]> {
    if (event.deliveryId && !(await claimDelivery(this.db, event.platform, event.deliveryId))) return [];
    if (event.kind === 'command' && event.command === 'start' && event.text.trim()) {
      const person = await redeemInvite(this.db, event.text.trim(), event.platform, event.userId, this.clock());
      const t = translator(isLocale(person?.locale) ? person.locale : isLocale(person?.ente.locale) ? person.ente.locale : 'it');
      if (!person) return [{ text: t('checkin.inviteInvalid') }];
      return [{ text: t('checkin.linked', { name: person.name, platform: event.platform }) }];
    }
    return [{ text: translator('it')('checkin.unknownPerson') }, { text: translator('en')('checkin.unknownPerson') }];
  }

  /** One turn: load, route and save, retried from a fresh load when another process took the turn first. */
  private async turn(person: KnownPerson, event: ChatEvent, firstVersion: number, preloaded: LoadedConversation<unknown> | null | undefined): Promise<OutgoingMessage[]> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      // a retry reads both again: the turn that won may have changed the plan data
      const { version, conversation: stored } =
        attempt === 1 && preloaded !== undefined ? { version: firstVersion, conversation: preloaded } : await loadConversationAndVersion<unknown>(this.db, person.id);
      if (!stored) {
        const planCode = await latestPlanCode(this.db, person.ente.code, version);
        await createConversation(this.db, person.id, { platform: event.platform, chatId: event.chatId, version: CHECKIN_STATE_VERSION, state: idleState(person.ente.code, planCode) });
        continue;
      }
      const upgraded = upgradeState(stored.version, stored.state);
      const snapshot = await loadPlanSnapshot(this.db, person.ente.code, upgraded?.plan ?? (await latestPlanCode(this.db, person.ente.code, version)), version);
      const state: CheckinState = upgraded ?? idleState(snapshot.ente.code, snapshot.plan.code);
      const locale: Locale = isLocale(person.locale) ? person.locale : snapshot.ente.locale;
      const newTurn = (turnState: CheckinState, lock: Turn['lock']): Turn => ({
        person,
        snapshot,
        version,
        state: turnState,
        event,
        ctx: { snapshot, t: translator(locale), locale },
        today: DateTime.fromJSDate(this.clock()).setZone(snapshot.ente.timezone).toISODate() as string,
        db: this.db,
        lock,
        afterCommit: [],
        hooks: this.hooks,
        token: promptToken(turnState),
      });
      // A turn that reads and writes nothing but its conversation (an answer, a question) is routed
      // first and written on the driver: claim and conditional save, one short transaction. One that
      // takes the lock (to read or write answers, settings …) starts again in a Prisma transaction,
      // from the state as stored. `undefined`: no driver, or the turn needs the transaction.
      const driver = stored.stateText === undefined ? undefined : turnDriverOf(this.db);
      let outcome = driver && (await this.conversationOnlyTurn(driver, newTurn(state, { take: () => Promise.reject(new NeedsTransaction()) }), stored.rev));
      if (outcome === undefined) {
        // the driver's attempt routed (and may have changed) `state`: the transaction starts from the stored text
        const pristine = driver ? (upgradeState(stored.version, JSON.parse(stored.stateText!)) ?? idleState(snapshot.ente.code, snapshot.plan.code)) : state;
        outcome = await this.db.$transaction(async (tx) => {
          if (event.deliveryId && !(await claimDeliveryInTurn(tx, event.platform, event.deliveryId, this.clock()))) return { replies: [], afterCommit: [] };
          // a turn that reads or writes takes the turn first; one that does not, by its save alone (see TurnLock)
          const lock = new TurnLock(tx, person.id, stored.rev);
          const turn = newTurn(pristine, lock);
          const replies = await route(turn);
          await lock.save({ platform: event.platform, chatId: event.chatId, version: CHECKIN_STATE_VERSION, state: turn.state });
          return { replies: stampChoices(replies, promptToken(turn.state)), afterCommit: turn.afterCommit };
        }, TURN_TRANSACTION).catch((error: unknown) => {
          // another person stored a value for the same subject and date first: run again over it
          if (error instanceof LostTurnError || isCurrentValueConflict(error)) return null;
          throw error;
        });
      }
      // Lost the race (rolled back: the conditional update matched no row): start over.
      if (!outcome) {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * Math.min(attempt, 5)));
        continue;
      }
      const replies = [...outcome.replies];
      for (const effect of outcome.afterCommit) replies.push(...(await effect()));
      return replies;
    }
    throw new TurnContentionError(person.id);
  }

  /**
   * Routes a turn that must not touch the database (its lock throws NeedsTransaction) and writes it
   * on the driver. The outcome as the transaction's; null when another turn saved first; undefined
   * when the turn needs the Prisma transaction after all (nothing was written).
   */
  private async conversationOnlyTurn(driver: TurnDriver, turn: Turn, rev: number): Promise<TurnOutcome | null | undefined> {
    let replies: OutgoingMessage[];
    try {
      replies = await route(turn);
    } catch (error) {
      if (error instanceof NeedsTransaction) return undefined;
      throw error;
    }
    const { event } = turn;
    const written = await driver.saveTurn({
      platform: event.platform,
      ...(event.deliveryId ? { deliveryId: event.deliveryId } : {}),
      at: this.clock(),
      personId: turn.person.id,
      rev,
      conversation: { platform: event.platform, chatId: event.chatId, version: CHECKIN_STATE_VERSION, state: turn.state },
    });
    if (written === 'lost') return null;
    if (written === 'duplicate') return { replies: [], afterCommit: [] };
    return { replies: stampChoices(replies, promptToken(turn.state)), afterCommit: turn.afterCommit };
  }
}

/** What a committed turn answers, and what runs once it committed. */
interface TurnOutcome {
  replies: OutgoingMessage[];
  afterCommit: Turn['afterCommit'];
}

/** Thrown by the lock of a turn routed outside a transaction when it wants to read or write: it is run again in one. */
class NeedsTransaction extends Error {
  constructor() {
    super('this turn reads or writes: it runs in a transaction');
    this.name = 'NeedsTransaction';
  }
}
