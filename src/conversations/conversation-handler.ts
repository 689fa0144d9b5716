/**
 * What a chat adapter calls: one method that takes a person's chat event and returns the replies
 * to show them. The check-in engine implements it; adapters only translate (bolt-js "App vs receiver").
 */
import type { ChatEvent, OutgoingMessage, Platform } from '../chat/port.js';

export interface ConversationHandler {
  /** Handles one event; a delivery id seen before yields no replies (processed once). */
  handle(event: ChatEvent): Promise<OutgoingMessage[]>;
  /** Records that the platform says this person cannot be reached (blocked the bot, deactivated …). */
  markUnreachable(platform: Platform, userId: string, reason: string): Promise<void>;
}
