/**
 * Configuration, parsed once at the edge from the environment (and `.env`): the rest of the code
 * receives typed values. One clear line per missing or invalid variable; secrets are never printed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, 'must start with file: (SQLite) or postgresql:// (PostgreSQL)')
    .default('file:./data/perfbot.db'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  NODE_ENV: z.string().optional(),
  PERFBOT_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(3003),
  PERFBOT_DEMO_PLAN: z.string().default('examples/segrate-pdo-2022.json'),
  /** the year the demo plan is moved to: the current one (a live demo), `original` (as written), or a year */
  PERFBOT_DEMO_YEAR: z.string().regex(/^(current|original|\d{4})$/, 'current, original or a year such as 2026').default('current'),
  PERFBOT_LOCAL_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PERFBOT_LOCAL_CHAT: z.enum(['on', 'off']).default('on'),
  TELEGRAM_BOT_USERNAME: z.string().regex(/^[A-Za-z0-9_]{5,32}$/, 'a Telegram bot username, without @').optional(),
  TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'a Telegram bot token looks like 123456:ABC…').optional(),
  TELEGRAM_API_ROOT: z.url().optional(),
  TELEGRAM_WEBHOOK_URL: z.url().optional(),
  TELEGRAM_WEBHOOK_SECRET: z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, '16–256 characters A-Z a-z 0-9 _ -').optional(),
  TELEGRAM_WEBHOOK_PORT: z.coerce.number().int().min(0).max(65535).default(3002),
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'a Slack bot token starts with xoxb-').optional(),
  SLACK_SIGNING_SECRET: z.string().min(16).optional(),
  SLACK_API_URL: z.url().optional(),
  SLACK_SOCKET_MODE: z.enum(['on', 'off']).default('off'),
  SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'a Slack app-level token starts with xapp-').optional(),
  PERFBOT_SLACK_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  PERFBOT_HTTP_HOST: z.string().default('127.0.0.1'),
  PERFBOT_CONSOLE: z.enum(['on', 'off']).default('on'),
  PERFBOT_CONSOLE_PORT: z.coerce.number().int().min(0).max(65535).default(3004),
  PERFBOT_CONSOLE_URL: z.url().optional(),
  PERFBOT_CONSOLE_SECRET: z.string().min(32, 'at least 32 characters').optional(),
});

export type Env = z.infer<typeof envSchema>;

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
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const problems = checkCombinations(parsed.data);
  if (problems.length > 0) throw new ConfigError(problems);
  return parsed.data;
}
