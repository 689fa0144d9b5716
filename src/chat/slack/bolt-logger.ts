/**
 * Bolt wants a logger with levels and a name; perfbot's adapters report through a ChannelLogger.
 * This bridge forwards Bolt's warnings and errors and drops its debug and info chatter.
 */
import { LogLevel, type Logger } from '@slack/bolt';
import type { ChannelLogger } from '../channel-logger.js';

function describe(messages: unknown[]): string {
  return messages.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
}

/** A Bolt Logger that writes warnings and errors to `logger`, tagged with the source `slack-bolt`. */
export function boltLogger(logger: ChannelLogger): Logger {
  let level = LogLevel.WARN;
  let name = 'slack-bolt';
  return {
    debug: () => {},
    info: () => {},
    warn: (...messages: unknown[]) => logger.warn({ source: name }, describe(messages)),
    error: (...messages: unknown[]) => logger.error({ source: name }, describe(messages)),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: (next: string) => {
      name = next;
    },
  };
}
