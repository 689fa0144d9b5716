/**
 * The real bot (`src/main.ts`) in a child process, as `npm start` runs it, with its JSON log lines
 * collected from stdout, for tests that need the whole process: signals, exit codes, start-up.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { FakeTelegramApi } from './fake-telegram-api.js';
import { waitFor } from './wait-for.js';

const root = path.resolve(import.meta.dirname, '..', '..');

export class BotProcess {
  readonly lines: Array<Record<string, unknown>> = [];
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src', 'main.ts')], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_FORMAT: 'json', PERFBOT_LOCAL_CHAT: 'off', PERFBOT_HEALTH_PORT: '0', PERFBOT_CONSOLE: 'off', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (chunk: Buffer) => {
      this.stdout += chunk.toString('utf8');
      const complete = this.stdout.split('\n');
      this.stdout = complete.pop() ?? '';
      for (const line of complete) if (line.trim()) this.lines.push(JSON.parse(line) as Record<string, unknown>);
    });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  /** Waits for a log line matching `predicate` (the process must not exit first); resolves to it. */
  async line(predicate: (line: Record<string, unknown>) => boolean, what: string, timeoutMs = 60_000): Promise<Record<string, unknown>> {
    let exited = false;
    void this.exited.then(() => (exited = true));
    await waitFor(() => exited || this.lines.some(predicate), what, timeoutMs);
    const found = this.lines.find(predicate);
    if (!found) throw new Error(`the bot exited before ${what}: ${this.stderr}`);
    return found;
  }

  /**
   * Waits until the bot, started with TELEGRAM_API_ROOT at `api`, has its health server listening,
   * has started Telegram and polls `api`; returns a reader of its health server (status and body).
   */
  async telegramPolling(api: FakeTelegramApi): Promise<(path: string) => Promise<{ status: number; body: string }>> {
    const { port } = await this.line((l) => l.msg === 'health server listening: /healthz /readyz /metrics', 'the health server');
    await this.line((l) => l.channel === 'telegram', 'Telegram started');
    await waitFor(() => api.callsOf('getUpdates').length > 0, 'the first poll', 30_000);
    return (p) => fetch(`http://127.0.0.1:${String(port)}${p}`).then(async (r) => ({ status: r.status, body: await r.text() }));
  }

  signal(name: NodeJS.Signals): void {
    this.child.kill(name);
  }

  /** Ends the process if a test left it running. */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
