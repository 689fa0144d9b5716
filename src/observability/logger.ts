/**
 * perfbot's logger: pino, one JSON object per line in production (NODE_ENV=production or
 * LOG_FORMAT=json) and one readable line per event in a terminal, at LOG_LEVEL. Secrets never
 * reach a line: fields that may hold one are redacted by name (pino `redact`), and every value of
 * the configured secrets (bot tokens, signing and webhook secrets) is masked wherever it appears —
 * an error message quoting a URL with a token in it included. Invite codes and answer texts are
 * never passed to the logger in the first place.
 */
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

export type LogFormat = 'json' | 'pretty';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Field names whose values are never written (answers, tokens, secrets, invite codes, personal data). */
export const REDACTED_FIELDS = [
  'token', 'botToken', 'appToken', 'signingSecret', 'secret', 'secretToken', 'password', 'authorization',
  'text', 'raw', 'answer', 'answers', 'inviteCode', 'code_invite', 'email', 'name',
];

const MASK = '[redacted]';

export interface LoggerOptions {
  level: LogLevel;
  format: LogFormat;
  /** values to mask wherever they appear (the secrets of the configuration) */
  secrets?: Array<string | undefined>;
  /** where lines go; default stdout */
  destination?: NodeJS.WritableStream;
}

/** JSON in production (NODE_ENV=production) or when asked (LOG_FORMAT=json); readable lines otherwise. */
export function logFormatOf(env: { NODE_ENV?: string | undefined; LOG_FORMAT?: string | undefined }): LogFormat {
  if (env.LOG_FORMAT === 'json' || env.LOG_FORMAT === 'pretty') return env.LOG_FORMAT;
  return env.NODE_ENV === 'production' ? 'json' : 'pretty';
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A function that masks every occurrence of the given secrets (and of their URL-encoded forms). */
export function secretMask(secrets: Array<string | undefined>): (line: string) => string {
  const values = [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= 6).flatMap((s) => [s, encodeURIComponent(s), JSON.stringify(s).slice(1, -1)]))];
  if (values.length === 0) return (line) => line;
  const pattern = new RegExp(values.sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g');
  return (line) => line.replace(pattern, MASK);
}

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** One JSON line → `HH:MM:SS LEVEL message key=value …` for a person reading a terminal. */
export function prettyLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const { time, level, msg, pid: _pid, hostname: _hostname, ...rest } = entry;
  const at = typeof time === 'number' ? new Date(time).toISOString().slice(11, 19) : '';
  const fields = Object.entries(rest).map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return `${at} ${(LEVEL_NAMES[level as number] ?? String(level)).padEnd(5)} ${String(msg ?? '')}${fields.length > 0 ? `  ${fields.join(' ')}` : ''}\n`;
}

/** Creates the process logger; see the file comment for what is never written. */
export function createLogger(options: LoggerOptions): Logger {
  const mask = secretMask(options.secrets ?? []);
  const out = options.destination ?? process.stdout;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      // pino writes one line per call
      const line = mask(chunk.toString('utf8'));
      out.write(options.format === 'pretty' ? prettyLine(line.trimEnd()) : line);
      done();
    },
  });
  return pino(
    {
      level: options.level,
      base: { pid: process.pid },
      redact: { paths: [...REDACTED_FIELDS, ...REDACTED_FIELDS.map((f) => `*.${f}`)], censor: MASK },
      serializers: { err: pino.stdSerializers.err },
    },
    sink,
  );
}
