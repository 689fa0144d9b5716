/**
 * A fresh, migrated database for one test file, copied from the template the global setup made.
 * Works the same on SQLite and PostgreSQL, so every database test runs on both in CI.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, inject } from 'vitest';
import { openDb, type Db } from '../../src/db/open-db.js';

export interface TestDatabase {
  url: string;
  db: Db;
  /** Opens another client on the same database (a second process's view). */
  open(): Db;
  drop(): Promise<void>;
}

/**
 * A fresh database copied from the migrated template, or from `from` (a test database of this file,
 * seeded and closed: see seededDatabaseEachTest).
 */
export async function createTestDatabase(from?: TestDatabase): Promise<TestDatabase> {
  const template = inject('templateDatabase');
  if (template.provider === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'perfbot-db-'));
    const file = path.join(dir, 'test.db');
    const source = from ? from.url.replace(/^file:/, '') : template.file;
    copyFileSync(source, file);
    if (existsSync(`${source}-wal`)) copyFileSync(`${source}-wal`, `${file}-wal`);
    const url = `file:${file}`;
    const db = openDb(url);
    return {
      url,
      db,
      open: () => openDb(url),
      drop: async () => {
        await db.$disconnect();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: template.serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${from ? new URL(from.url).pathname.slice(1) : template.template}`);
  await admin.end();
  const url = new URL(template.serverUrl);
  url.pathname = `/${name}`;
  const db = openDb(url.toString());
  return {
    url: url.toString(),
    db,
    open: () => openDb(url.toString()),
    drop: async () => {
      await db.$disconnect();
      const cleanup = new pg.Client({ connectionString: template.serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/**
 * Registers a fresh database for every test of the enclosing file or describe block (made in
 * beforeEach, dropped in afterEach) and returns a stand-in that is always the current test's
 * database, so a file reads `t.db` and `t.url` as it would its own `let t`.
 */
export function freshDatabaseEachTest(): TestDatabase {
  let current: TestDatabase | undefined;
  beforeEach(async () => {
    current = await createTestDatabase();
  });
  afterEach(async () => {
    await current?.drop();
    current = undefined;
  });
  return standIn(() => current);
}

/** A TestDatabase that forwards to `current()`, the running test's database. */
function standIn(current: () => TestDatabase | undefined): TestDatabase {
  const now = (): TestDatabase => {
    const t = current();
    if (!t) throw new Error('the test database exists only while a test runs');
    return t;
  };
  return {
    get url(): string {
      return now().url;
    },
    get db(): Db {
      return now().db;
    },
    open: () => now().open(),
    drop: () => now().drop(),
  };
}

/**
 * Like freshDatabaseEachTest, but every test starts from one database seeded once for the file
 * (beforeAll): a plan import several tests begin with is paid for once, and each test still gets
 * its own copy (a file copy on SQLite, CREATE DATABASE … TEMPLATE on PostgreSQL), so no test sees
 * another's writes.
 */
export function seededDatabaseEachTest(seed: (db: Db) => Promise<void>): TestDatabase {
  let seeded: TestDatabase | undefined;
  let current: TestDatabase | undefined;
  beforeAll(async () => {
    seeded = await createTestDatabase();
    await seed(seeded.db);
    if (!seeded.url.startsWith('postgres')) await seeded.db.$queryRawUnsafe('PRAGMA wal_checkpoint(TRUNCATE)');
    // a PostgreSQL template must have no open connection; a closed SQLite file copies whole
    await seeded.db.$disconnect();
  }, 120_000);
  afterAll(async () => {
    await seeded?.drop();
  });
  beforeEach(async () => {
    current = await createTestDatabase(seeded);
  });
  afterEach(async () => {
    await current?.drop();
    current = undefined;
  });
  return standIn(() => current);
}

/** Counts the rows of every table, to prove an operation changed nothing. */
export async function countRows(db: Db) {
  return {
    ente: await db.ente.count(),
    plan: await db.plan.count(),
    orgUnit: await db.orgUnit.count(),
    person: await db.person.count(),
    chatIdentity: await db.chatIdentity.count(),
    absence: await db.absence.count(),
    roleAssignment: await db.roleAssignment.count(),
    objective: await db.objective.count(),
    objectiveOrgUnit: await db.objectiveOrgUnit.count(),
    phase: await db.phase.count(),
    indicator: await db.indicator.count(),
    measurement: await db.measurement.count(),
    phaseProgress: await db.phaseProgress.count(),
    assessment: await db.assessment.count(),
    auditLog: await db.auditLog.count(),
  };
}
