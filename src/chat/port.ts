/**
 * The chat port: everything the conversation engine needs from a chat platform, and nothing more.
 * The engine emits platform-free messages (text, choices); each adapter (Slack, Telegram, local)
 * renders them and turns platform events into ChatEvents. The engine never imports Bolt or Telegraf.
 */

import type { Platform } from '../domain/platform.js';

/** Re-exported so adapters keep importing everything chat from the port. */
export type { Platform };

/** A button; `value` comes back in a `choice` event when pressed. */
export interface Choice {
  label: string;
  value: string;
  style?: 'primary' | 'danger';
}

/** A platform-free message: paragraphs of text (light markup: *bold*), optional rows of buttons. */
export interface OutgoingMessage {
  text: string;
  choices?: Choice[][];
  /** a picture sent with the message (a digest chart), `text` being its caption; sent with the port's `sendImage` */
  image?: OutgoingImage;
}

/** A picture to send: PNG bytes, the file name it is shown under, and a caption (plain text). */
export interface OutgoingImage {
  png: Buffer;
  filename: string;
  caption?: string;
}

/** Where a message goes: the person's chat on a platform. */
export interface ChatAddress {
  platform: Platform;
  /** Slack user id / DM channel, Telegram chat id, local session id */
  chatId: string;
}

/** Something a person did in chat, as the engine sees it. */
export interface ChatEvent {
  platform: Platform;
  /** the platform's id of the person (Slack user id, Telegram user id, local person code) */
  userId: string;
  /** where to answer */
  chatId: string;
  kind: 'text' | 'choice' | 'command';
  /** the text typed, the pressed button's value, or the command's arguments */
  text: string;
  /** for commands: stato, rispondi, modifica, aiuto, lingua, start, admin … */
  command?: string;
  /** the platform's id of the incoming message (recorded with answers) */
  messageRef?: string;
  /** a platform delivery id (Slack event_id, Telegram update_id): the same id is processed once */
  deliveryId?: string;
}

/** A platform refused to deliver because the person cannot be reached there (blocked, deactivated …). */
export class UnreachableError extends Error {
  constructor(
    readonly platform: Platform,
    readonly reason: string,
  ) {
    super(`${platform}: person unreachable (${reason})`);
    this.name = 'UnreachableError';
  }
}

/**
 * Thrown by an adapter when the platform answered with an error (or the request failed). Carries
 * what a retry needs: the platform, the method, the error code and how long to wait.
 */
export class PlatformError extends Error {
  constructor(
    readonly platform: Platform,
    readonly method: string,
    readonly code: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(`${platform} ${method} failed: ${code}`);
    this.name = 'PlatformError';
  }
}

/** What an adapter offers the engine. */
export interface ChatPort {
  readonly platform: Platform;
  /** Longest text one message may carry; longer text is split by the sender. */
  readonly maxTextLength: number;
  /**
   * Sends a message; resolves to the platform's message id. Throws UnreachableError or PlatformError.
   * `deliveryKey` identifies a proactive message across retries (see `wasDelivered`).
   */
  send(to: ChatAddress, message: OutgoingMessage, options?: { deliveryKey?: string }): Promise<string>;
  /**
   * For platforms that need a request before the message itself (Slack opens the DM): makes it and
   * resolves to the address `send` then delivers to with no further preparation, so a dispatcher can
   * record the hand-off right before the one call that may deliver. Throws like `send`.
   */
  prepareSend?(to: ChatAddress): Promise<ChatAddress>;
  /**
   * For platforms that can tell: the message id of the message sent with this delivery key (not
   * before `since`, when given), or null when none arrived. Lets a dispatcher that died mid-send
   * finish without sending twice. Throws PlatformError when the platform cannot be asked now.
   */
  wasDelivered?(to: ChatAddress, deliveryKey: string, options?: { since?: Date }): Promise<string | null>;
  /**
   * For platforms that can show pictures: sends a PNG (a digest chart) with an optional caption;
   * resolves to the platform's id of the message or file. Throws UnreachableError or PlatformError.
   */
  sendImage?(to: ChatAddress, image: OutgoingImage, options?: { deliveryKey?: string }): Promise<string>;
}
