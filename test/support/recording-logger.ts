/** A ChannelLogger that keeps what adapters report, so tests stay quiet and can look at it. */
import type { ChannelLogger } from '../../src/chat/channel-logger.js';

export interface LoggedLine {
  level: 'warn' | 'error';
  message: string;
  details: object;
}

/** A logger that records lines instead of printing them. */
export function recordingLogger(): ChannelLogger & { lines: LoggedLine[] } {
  const lines: LoggedLine[] = [];
  return {
    lines,
    warn: (details, message) => lines.push({ level: 'warn', message, details }),
    error: (details, message) => lines.push({ level: 'error', message, details }),
  };
}
