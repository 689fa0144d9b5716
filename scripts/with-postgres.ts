/**
 * `npm run test:pg [-- vitest args]`: starts a throwaway PostgreSQL server (scripts/postgres-server.sh),
 * runs the given command with TEST_DATABASE_URL pointing at it, stops the server and exits with the
 * command's code. If the server cannot be started it says so and exits 1: it never runs on SQLite
 * instead.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import path from 'node:path';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: tsx scripts/with-postgres.ts <command> [args…]');
  process.exit(2);
}
const script = path.join(import.meta.dirname, 'postgres-server.sh');
// The folder itself, not a folder inside it: postgres-server.sh recreates it readable by `postgres`.
const dir = mkdtempSync('/tmp/perfbot-pg-');
const started = spawnSync('bash', [script, 'start', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const url = /DATABASE_URL=(postgresql:\/\/\S+)/.exec(started.stdout ?? '')?.[1];
if (started.status !== 0 || !url) {
  console.error(`with-postgres: PostgreSQL did not start (reason above); ${command} was not run (not on SQLite either)`);
  process.exit(1);
}
const stop = () => spawnSync('bash', [script, 'stop', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, TEST_DATABASE_URL: url } });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  stop();
  process.exit(code ?? (signal ? 1 : 0));
});
