/**
 * Runs once before the suite: applies the committed migrations to a template database, which each
 * test file then copies (SQLite: a file copy; PostgreSQL: CREATE DATABASE … TEMPLATE). The suite
 * runs on SQLite unless TEST_DATABASE_URL names a PostgreSQL server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { applyMigrations } from '../../src/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: { provider: 'sqlite'; file: string } | { provider: 'postgresql'; serverUrl: string; template: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl && /^postgres/.test(serverUrl)) {
    // one template per run: two runs on one server (fault suite and tests, two worktrees) must not
    // drop each other's template mid-run
    const template = `perfbot_template_${process.pid}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${template}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${template}`;
    await applyMigrations(url.toString());
    project.provide('templateDatabase', { provider: 'postgresql', serverUrl, template });
    console.log(`test database: PostgreSQL (${url.host})`);
    return async () => {
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
      await cleanup.end();
    };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'perfbot-test-'));
  const file = path.join(dir, 'template.db');
  await applyMigrations(`file:${file}`);
  project.provide('templateDatabase', { provider: 'sqlite', file });
  console.log('test database: SQLite');
  return async () => rmSync(dir, { recursive: true, force: true });
}
