/**
 * Idle memory of the built bot (`node dist/main.js`, issue 12 goal < 150 MB): started on a fresh
 * SQLite file with the local chat and the console, no token; the first start migrates and seeds the
 * demo plan, then it is restarted as in production and its resident memory read from /proc after
 * `idleSeconds` of idling. Needs `npm run build` and Linux.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { root } from './run-child.js';

/** Starts the built bot, waits for its last start-up line and `idleSeconds`, returns its VmRSS in MB, then stops it. */
async function startAndMeasure(databaseUrl: string, idleSeconds: number): Promise<number> {
  const child = spawn(process.execPath, [path.join(root, 'dist', 'main.js')], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, PERFBOT_LOCAL_CHAT: 'on', PERFBOT_LOCAL_PORT: '0', PERFBOT_HEALTH_PORT: '0', PERFBOT_CONSOLE_PORT: '0', SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: '', TELEGRAM_BOT_TOKEN: '', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  try {
    // The start-up's last line ends with "Ctrl+C" (prompts start.next / start.help).
    for (let waited = 0; !output.includes('Ctrl+C'); waited += 100) {
      if (child.exitCode !== null || waited > 180_000) throw new Error(`the built bot did not start:\n${output.slice(-2000)}`);
      await delay(100);
    }
    await delay(idleSeconds * 1000);
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+)/m.exec(status)![1]) / 1024;
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** The idle RSS (MB) of the built bot after a restart on a seeded database. */
export async function idleRssOfBuiltBot(idleSeconds = 10): Promise<number> {
  if (!existsSync(path.join(root, 'dist', 'main.js'))) throw new Error('dist/main.js is missing: run npm run build first');
  const dir = mkdtempSync(path.join(tmpdir(), 'perfbot-bench-idle-'));
  try {
    const url = `file:${path.join(dir, 'perfbot.db')}`;
    await startAndMeasure(url, 0); // first start: migrations and the demo plan, not measured
    return await startAndMeasure(url, idleSeconds);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
