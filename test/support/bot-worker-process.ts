/**
 * Bot processes for the fault tests that race or kill real processes: test/support/bot-worker.ts (the
 * real Slack adapter and engine) on a database and a fake Slack API.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { waitFor } from './wait-for.js';

const worker = path.resolve(import.meta.dirname, 'bot-worker.ts');

/** A bot process and the port its Slack HTTP receiver listens on. */
export interface WorkerBot {
  child: ChildProcess;
  port: number;
}

/**
 * Starts a bot process and waits until it listens. `--import tsx`, not tsx's CLI: the CLI runs the
 * script in a child of its own, which a SIGKILL of the CLI leaves running (a "killed" bot that
 * finishes its Conferma after the test has looked).
 */
export async function startBotWorker(databaseUrl: string, slackApiUrl: string, env: Record<string, string> = {}): Promise<WorkerBot> {
  const child = spawn(process.execPath, ['--import', 'tsx', worker], { env: { ...process.env, DATABASE_URL: databaseUrl, SLACK_API_URL: slackApiUrl, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const port = await waitFor(() => Number(/port (\d+)/.exec(output)?.[1]) || undefined, `a bot process listening (${output})`, 60_000);
  return { child, port };
}

/** SIGKILLs a bot process and fails unless its pid is gone afterwards. */
export async function killBotWorker(bot: WorkerBot): Promise<void> {
  if (bot.child.exitCode !== null || bot.child.signalCode !== null) return;
  const exited = new Promise((resolve) => bot.child.once('exit', resolve));
  bot.child.kill('SIGKILL');
  await exited;
  if (isAlive(bot.child.pid!)) throw new Error(`bot process ${bot.child.pid} is still alive after SIGKILL`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
