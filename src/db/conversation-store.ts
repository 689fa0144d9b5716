/**
 * Persistence of conversations: the check-in state of each person (so a restart resumes at the
 * same question) and the deliveries already processed (so a repeated delivery is handled once).
 */
import type { Db } from './database.js';
import type { Platform } from '../chat/port.js';

/**
 * Records a delivery id; false when it was already recorded (by this or another process).
 * The primary key makes the check atomic.
 */
export async function claimDelivery(db: Db, platform: Platform, deliveryId: string): Promise<boolean> {
  try {
    await db.processedDelivery.create({ data: { platform, deliveryId } });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') return false;
    throw error;
  }
}

export interface StoredConversation<S> {
  platform: Platform;
  chatId: string;
  version: number;
  state: S;
}

export async function loadConversation<S>(db: Db, personId: number): Promise<StoredConversation<S> | null> {
  const row = await db.conversation.findUnique({ where: { personId } });
  return row && { platform: row.platform as Platform, chatId: row.chatId, version: row.version, state: row.state as S };
}

export async function saveConversation<S>(db: Db, personId: number, conversation: StoredConversation<S>): Promise<void> {
  const data = { platform: conversation.platform, chatId: conversation.chatId, version: conversation.version, state: conversation.state as object };
  await db.conversation.upsert({ where: { personId }, create: { personId, ...data }, update: data });
}
