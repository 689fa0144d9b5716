/**
 * Configuration, parsed once at the edge from the environment (and `.env`): the rest of the code
 * receives typed values. One clear line per missing or invalid variable; secrets are never printed.
 */
import { existsSync, readFileSync } from 'node:fs';

// Checked by hand, not with zod: every command and every start reads the configuration, and
// loading zod and building its schema cost a CLI command ≈ 0.1–0.3 s of CPU (issue 12, CLI < 1 s).
// A rule is a function from the text of a variable to its value, or a problem to report.
type Rule<T> = (raw: string) => { value: T } | { problem: string };

const text: Rule<string> = (raw) => ({ value: raw });
function matching(pattern: RegExp, message: string): Rule<string> {
  return (raw) => (pattern.test(raw) ? { value: raw } : { problem: message });
}
function oneOf<const T extends string>(...choices: T[]): Rule<T> {
  return (raw) => ((choices as string[]).includes(raw) ? { value: raw as T } : { problem: `one of ${choices.join(', ')}` });
}
const port: Rule<number> = (raw) => {
  const value = Number(raw);
  return Number.isInteger(value) && value >= 0 && value <= 65535 ? { value } : { problem: 'a port number from 0 to 65535' };
};
const url: Rule<string> = (raw) => (URL.canParse(raw) ? { value: raw } : { problem: 'not a valid URL' });
function minLength(min: number, message = `at least ${min} characters`): Rule<string> {
  return (raw) => (raw.length >= min ? { value: raw } : { problem: message });
}
function startsWith(prefix: string, message: string): Rule<string> {
  return (raw) => (raw.startsWith(prefix) ? { value: raw } : { problem: message });
}

/** Each variable: its rule and, when it has one, its default. */
const envSchema = {
  DATABASE_URL: { rule: matching(/^(file:|postgres(ql)?:\/\/)/, 'must start with file: (SQLite) or postgresql:// (PostgreSQL)'), fallback: 'file:./data/perfbot.db' },
  LOG_LEVEL: { rule: oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'), fallback: 'info' },
  LOG_FORMAT: { rule: oneOf('json', 'pretty') },
  NODE_ENV: { rule: text },
  PERFBOT_HEALTH_PORT: { rule: port, fallback: 3003 },
  PERFBOT_DEMO_PLAN: { rule: text, fallback: 'examples/segrate-pdo-2022.json' },
  /** the year the demo plan is moved to: the current one (a live demo), `original` (as written), or a year */
  PERFBOT_DEMO_YEAR: { rule: matching(/^(current|original|\d{4})$/, 'current, original or a year such as 2026'), fallback: 'current' },
  PERFBOT_LOCAL_PORT: { rule: port, fallback: 3000 },
  PERFBOT_LOCAL_CHAT: { rule: oneOf('on', 'off'), fallback: 'on' },
  TELEGRAM_BOT_USERNAME: { rule: matching(/^[A-Za-z0-9_]{5,32}$/, 'a Telegram bot username, without @') },
  TELEGRAM_BOT_TOKEN: { rule: matching(/^\d+:[A-Za-z0-9_-]{20,}$/, 'a Telegram bot token looks like 123456:ABC…') },
  TELEGRAM_API_ROOT: { rule: url },
  TELEGRAM_WEBHOOK_URL: { rule: url },
  TELEGRAM_WEBHOOK_SECRET: { rule: matching(/^[A-Za-z0-9_-]{16,256}$/, '16–256 characters A-Z a-z 0-9 _ -') },
  TELEGRAM_WEBHOOK_PORT: { rule: port, fallback: 3002 },
  SLACK_BOT_TOKEN: { rule: startsWith('xoxb-', 'a Slack bot token starts with xoxb-') },
  SLACK_SIGNING_SECRET: { rule: minLength(16) },
  SLACK_API_URL: { rule: url },
  SLACK_SOCKET_MODE: { rule: oneOf('on', 'off'), fallback: 'off' },
  SLACK_APP_TOKEN: { rule: startsWith('xapp-', 'a Slack app-level token starts with xapp-') },
  PERFBOT_SLACK_PORT: { rule: port, fallback: 3001 },
  PERFBOT_HTTP_HOST: { rule: text, fallback: '127.0.0.1' },
  PERFBOT_CONSOLE: { rule: oneOf('on', 'off'), fallback: 'on' },
  PERFBOT_CONSOLE_PORT: { rule: port, fallback: 3004 },
  PERFBOT_CONSOLE_URL: { rule: url },
  PERFBOT_CONSOLE_SECRET: { rule: minLength(32) },
} satisfies Record<string, { rule: Rule<unknown>; fallback?: unknown }>;

type Schema = typeof envSchema;
type ValueOf<K extends keyof Schema> = Schema[K]['rule'] extends Rule<infer T> ? T : never;
/** The typed configuration: a variable with a default is always there, the others may be missing. */
export type Env = { [K in keyof Schema as Schema[K] extends { fallback: unknown } ? K : never]: ValueOf<K> } & {
  [K in keyof Schema as Schema[K] extends { fallback: unknown } ? never : K]?: ValueOf<K>;
};

/** Cross-variable rules: a platform needs all of its secrets, and webhooks need their secret token. */
function checkCombinations(env: Env): string[] {
  const problems: string[] = [];
  if (env.SLACK_BOT_TOKEN && env.SLACK_SOCKET_MODE !== 'on' && !env.SLACK_SIGNING_SECRET) problems.push('SLACK_SIGNING_SECRET: required when SLACK_BOT_TOKEN is set without Socket Mode (every Slack request is verified)');
  if (env.SLACK_SOCKET_MODE === 'on' && !env.SLACK_APP_TOKEN) problems.push('SLACK_APP_TOKEN: required when SLACK_SOCKET_MODE=on');
  if (env.TELEGRAM_WEBHOOK_URL && !env.TELEGRAM_WEBHOOK_SECRET) problems.push('TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_WEBHOOK_URL is set (every webhook call is verified)');
  return problems;
}

/** Thrown when environment variables are missing or invalid; one line per variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads KEY=VALUE lines of a .env file; variables already in the environment win. */
export function readDotEnv(file = '.env'): Record<string, string> {
  if (!existsSync(file)) return {};
  const values: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match || line.trimStart().startsWith('#')) continue;
    const [, key, raw] = match as unknown as [string, string, string];
    values[key] = raw.replace(/^(['"])(.*)\1$/, '$2');
  }
  return values;
}

/** Parses the configuration from an environment (default: `.env` overlaid by process.env). */
export function loadEnv(source: Record<string, string | undefined> = { ...readDotEnv(), ...process.env }): Env {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, spec] of Object.entries(envSchema) as Array<[string, { rule: Rule<unknown>; fallback?: unknown }]>) {
    const raw = source[name];
    // An empty variable is an unset one (`SLACK_BOT_TOKEN=` in .env turns Slack off).
    if (raw === undefined || raw === '') {
      if (spec.fallback !== undefined) values[name] = spec.fallback;
      continue;
    }
    const checked = spec.rule(raw);
    if ('problem' in checked) problems.push(`${name}: ${checked.problem}`);
    else values[name] = checked.value;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const env = values as Env;
  const combinations = checkCombinations(env);
  if (combinations.length > 0) throw new ConfigError(combinations);
  return env;
}
