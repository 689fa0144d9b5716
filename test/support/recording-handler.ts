/**
 * A scripted ConversationHandler for adapter tests: it records every event and every
 * markUnreachable, processes a delivery id once (as the real engine does) and answers with what
 * the test's script returns (by default an echo of the event with two buttons).
 */
import type { ConversationHandler } from '../../src/conversations/conversation-handler.js';
import type { ChatEvent, OutgoingMessage, Platform } from '../../src/chat/port.js';

export type Script = (event: ChatEvent) => OutgoingMessage[] | Promise<OutgoingMessage[]>;

/** Echoes the event back, with a Yes/No row, so tests can see text and choices go out. */
export const echo: Script = (event) => [
  {
    text: `echo ${event.kind}${event.command ? ` ${event.command}` : ''}: ${event.text}`,
    choices: [[{ label: 'Sì', value: 'yes', style: 'primary' }, { label: 'No', value: 'no' }]],
  },
];

export class RecordingHandler implements ConversationHandler {
  readonly events: ChatEvent[] = [];
  readonly unreachable: Array<{ platform: Platform; userId: string; reason: string }> = [];
  private readonly seen = new Set<string>();

  constructor(public script: Script = echo) {}

  async handle(event: ChatEvent): Promise<OutgoingMessage[]> {
    this.events.push(event);
    if (event.deliveryId) {
      const key = `${event.platform}:${event.deliveryId}`;
      if (this.seen.has(key)) return [];
      this.seen.add(key);
    }
    return this.script(event);
  }

  async markUnreachable(platform: Platform, userId: string, reason: string): Promise<void> {
    this.unreachable.push({ platform, userId, reason });
  }
}
