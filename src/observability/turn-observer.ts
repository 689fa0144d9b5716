/**
 * Wraps the ConversationHandler the chat adapters call, at the edge main.ts owns: every turn is
 * logged with the ente and person it belongs to (never the text typed), counted, and tracked while
 * in flight, so a shutdown can wait for the turn in progress before closing the database.
 */
import type { ConversationHandler } from '../conversations/conversation-handler.js';
import type { ChatEvent, OutgoingMessage, Platform } from '../chat/port.js';
import type { Db } from '../db/database.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';

/** Who a chat event comes from, as ids (no names). */
export interface TurnSubject {
  ente: string | null;
  person: string | null;
}

/** The ente and person codes of a platform account (local chat ids are `ente/person`). */
export async function subjectOf(db: Db, platform: Platform, userId: string): Promise<TurnSubject> {
  if (platform === 'local') {
    const [ente, person] = userId.split('/', 2);
    return { ente: ente ?? null, person: person ?? null };
  }
  const identity = await db.chatIdentity.findFirst({ where: { platform, externalId: userId }, include: { person: { include: { ente: true } } } });
  return { ente: identity?.person.ente.code ?? null, person: identity?.person.code ?? null };
}

export class ObservedHandler implements ConversationHandler {
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly inner: ConversationHandler,
    private readonly options: { db: Db; logger: Logger; metrics: Metrics },
  ) {}

  /** How many turns are being handled right now. */
  get busy(): number {
    return this.inFlight.size;
  }

  async handle(event: ChatEvent): Promise<OutgoingMessage[]> {
    const work = this.observe(event);
    this.inFlight.add(work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(work);
    }
  }

  private async observe(event: ChatEvent): Promise<OutgoingMessage[]> {
    const { logger, metrics, db } = this.options;
    const lookup = () => subjectOf(db, event.platform, event.userId).catch((): TurnSubject => ({ ente: null, person: null }));
    const subject = await lookup();
    // ids only: the text typed (an answer, maybe an invite code) is never logged
    const fields = { turn: { platform: event.platform, kind: event.kind, command: event.command, deliveryId: event.deliveryId }, ente: subject.ente, person: subject.person };
    const started = performance.now();
    try {
      const replies = await this.inner.handle(event);
      metrics.turns.inc({ platform: event.platform });
      // an invitation turn links the account: only now is the person known
      const known = subject.person === null ? await lookup() : subject;
      logger.info({ ...fields, ente: known.ente, person: known.person, replies: replies.length, ms: Math.round(performance.now() - started) }, 'turn handled');
      return replies;
    } catch (error) {
      metrics.conversationErrors.inc({ platform: event.platform });
      logger.error({ ...fields, err: error }, 'turn failed');
      throw error;
    }
  }

  async markUnreachable(platform: Platform, userId: string, reason: string): Promise<void> {
    const subject = await subjectOf(this.options.db, platform, userId).catch(() => ({ ente: null, person: null }));
    this.options.logger.warn({ platform, ente: subject.ente, person: subject.person, reason }, 'person unreachable on this platform');
    await this.inner.markUnreachable(platform, userId, reason);
  }

  /** Resolves once every turn in flight has finished (turns that start meanwhile included). */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}
