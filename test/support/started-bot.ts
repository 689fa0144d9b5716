/**
 * Runs the real `npm start` entry point (src/main.ts through tsx, or the built dist/main.js) as a
 * child process, the way an operator starts perfbot: with an environment, no token, and the local
 * chat on a free port. Resolves once the start-up lines are printed and the local chat page has
 * answered; `stop()` sends SIGTERM.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { translator } from '../../src/i18n/messages.js';
import { waitFor } from './wait-for.js';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');

export interface BotProcess {
  /** The local chat page's URL. */
  url: string;
  /** Everything printed on stdout and stderr so far. */
  output(): string;
  /** SIGTERM, then the exit code and the whole output. */
  stop(): Promise<{ code: number | null; output: string }>;
}

/** The demo plan the start tests seed (PERFBOT_DEMO_PLAN), relative to the repository. */
export const DEMO_PLAN = 'examples/segrate-pdo-2022.json';

/** Whether a run's output says it seeded a plan into the database. */
export function seededPlan(output: string): boolean {
  return output.includes('Piano «') && output.includes('caricato nel database');
}

/** The line a bot prints when it keeps the `plans` plans already in the database at `databaseUrl`. */
export function keptPlansLine(databaseUrl: string, plans = 1): string {
  return translator('it')('start.kept', { plans, database: databaseUrl.startsWith('postgres') ? 'PostgreSQL' : databaseUrl.replace(/^file:/, '') });
}

/** Preload that makes any import of tsx or TypeScript fail (see forbid-typescript.mjs). */
export const FORBID_TYPESCRIPT = ['--import', path.join(repoRoot, 'test', 'support', 'forbid-typescript.mjs')];

/**
 * The entry points a test can start: the TypeScript source through tsx, or the compiled build with
 * tsx and TypeScript forbidden, to prove it needs neither at run time.
 */
export const ENTRY = {
  source: ['--import', 'tsx', path.join('src', 'main.ts')],
  dist: [...FORBID_TYPESCRIPT, path.join('dist', 'main.js')],
} as const;

/**
 * Starts perfbot on `databaseUrl` with only the local chat (Slack and Telegram tokens blanked, so a
 * developer's .env cannot start them) and waits for the line saying the reminders are active: by
 * then the database is migrated, seeded or not, and the reminders are planned.
 */
export async function startBot(databaseUrl: string, env: Record<string, string> = {}, entry: keyof typeof ENTRY = 'source'): Promise<BotProcess> {
  const child = spawn(process.execPath, [...ENTRY[entry]], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PERFBOT_LOCAL_CHAT: 'on',
      PERFBOT_LOCAL_PORT: '0',
      PERFBOT_HEALTH_PORT: '0',
      PERFBOT_CONSOLE: 'off',
      SLACK_BOT_TOKEN: '',
      SLACK_SIGNING_SECRET: '',
      TELEGRAM_BOT_TOKEN: '',
      NO_COLOR: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  let exited: number | null | undefined;
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve((exited = code))));
  const ready = translator('it')('start.reminders');
  await waitFor(() => output.includes(ready) || exited !== undefined, 'perfbot to start', 90_000);
  if (exited !== undefined) throw new Error(`perfbot exited with ${exited} before it was ready:\n${output}`);
  const url = /http:\/\/[^\s]+?:\d+\/?/.exec(output)?.[0];
  if (!url) throw new Error(`no local chat URL in the start-up output:\n${output}`);
  // One request answered means main() has run past its last await, so its signal handlers are
  // installed: a SIGTERM sent on the ready line alone could arrive before them and kill it outright.
  const page = await fetch(url);
  await page.arrayBuffer();
  if (page.status !== 200) throw new Error(`the local chat page answered ${page.status}:\n${output}`);
  return {
    url,
    output: () => output,
    stop: async () => {
      if (exited === undefined) child.kill('SIGTERM');
      const code = await exit;
      return { code, output };
    },
  };
}
