/**
 * A fresh, migrated database for one benchmark: a SQLite file in a temporary folder, or, when
 * PERFBOT_BENCH_PG names a PostgreSQL server, a new database on it (dropped afterwards).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { applyMigrations } from '../src/db/migrate.js';

export interface BenchDatabase {
  url: string;
  provider: 'sqlite' | 'postgresql';
  drop(): Promise<void>;
}

export async function createBenchDatabase(server = process.env.PERFBOT_BENCH_PG): Promise<BenchDatabase> {
  if (server) {
    const name = `bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(server);
    url.pathname = `/${name}`;
    await applyMigrations(url.toString());
    return {
      url: url.toString(),
      provider: 'postgresql',
      drop: async () => {
        const cleanup = new pg.Client({ connectionString: server });
        await cleanup.connect();
        await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await cleanup.end();
      },
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'perfbot-bench-'));
  const url = `file:${path.join(dir, 'bench.db')}`;
  await applyMigrations(url);
  return { url, provider: 'sqlite', drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** Wall and CPU time of one step (CPU: this process, user + system). */
export async function timed<T>(work: () => Promise<T> | T): Promise<{ wallMs: number; cpuMs: number; value: T }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await work();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000, value };
}

/** A child's result, on one line the parent picks out of its output. */
export function emit(result: unknown): void {
  process.stdout.write(`BENCH ${JSON.stringify(result)}\n`);
}

/** Peak resident memory of this process so far, in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return (at >= 0 ? Number(process.argv[at + 1]) : NaN) || fallback;
}
