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
  PERFBOT_DEMO_PLAN: z.string().default('examples/segrate-pdo-2022.json'),
  PERFBOT_LOCAL_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PERFBOT_LOCAL_CHAT: z.enum(['on', 'off']).default('on'),
  TELEGRAM_BOT_USERNAME: z.string().regex(/^[A-Za-z0-9_]{5,32}$/, 'a Telegram bot username, without @').optional(),
});

export type Env = z.infer<typeof envSchema>;

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
  return parsed.data;
}
