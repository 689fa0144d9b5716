/**
 * The SQLite adapter (libsql) applies perfbot's PRAGMAs to its connection, and runs transactions on
 * that same connection (libsql's own transactions opened a new connection after each). Always on a
 * SQLite file of its own: this is the SQLite driver, whatever database the rest of the suite uses.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/db/open-db.js';

const dir = mkdtempSync(path.join(tmpdir(), 'perfbot-pragmas-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function pragmas(db: ReturnType<typeof openDb>) {
  const [journal] = await db.$queryRawUnsafe<Array<{ journal_mode: string }>>('PRAGMA journal_mode');
  const [sync] = await db.$queryRawUnsafe<Array<{ synchronous: number | bigint }>>('PRAGMA synchronous');
  const [busy] = await db.$queryRawUnsafe<Array<{ timeout: number | bigint }>>('PRAGMA busy_timeout');
  return { journal: journal?.journal_mode, synchronous: Number(sync?.synchronous), busyTimeout: Number(busy?.timeout) };
}

describe('SQLite adapter', () => {
  it('runs every connection in WAL mode with synchronous=NORMAL and a 5 s busy timeout, before and after a transaction', async () => {
    const db = openDb(`file:${path.join(dir, 'pragmas.db')}`);
    try {
      const expected = { journal: 'wal', synchronous: 1, busyTimeout: 5000 };
      expect(await pragmas(db)).toEqual(expected);
      await db.$transaction(async (tx) => tx.$queryRawUnsafe('SELECT 1'));
      expect(await pragmas(db)).toEqual(expected);
      await db.$transaction(async (tx) => tx.$queryRawUnsafe('SELECT 1'));
      expect(await pragmas(db)).toEqual(expected);
    } finally {
      await db.$disconnect();
    }
  });

  it("runs a transaction on the client's own connection: what it set stays, what it rolled back is gone", async () => {
    const db = openDb(`file:${path.join(dir, 'one-connection.db')}`);
    try {
      await db.$executeRawUnsafe('CREATE TABLE "Probe" ("id" INTEGER PRIMARY KEY)');
      // cache_size belongs to a connection: read outside the transaction, it shows which connection ran it
      await db.$transaction(async (tx) => tx.$executeRawUnsafe('PRAGMA cache_size = 1234'));
      const [cache] = await db.$queryRawUnsafe<Array<{ cache_size: number | bigint }>>('PRAGMA cache_size');
      expect(Number(cache?.cache_size)).toBe(1234);
      await expect(
        db.$transaction(async (tx) => {
          await tx.$executeRawUnsafe('INSERT INTO "Probe" ("id") VALUES (1)');
          throw new Error('turn failed');
        }),
      ).rejects.toThrow('turn failed');
      await db.$executeRawUnsafe('INSERT INTO "Probe" ("id") VALUES (2)');
      const rows = await db.$queryRawUnsafe<Array<{ id: number | bigint }>>('SELECT "id" FROM "Probe"');
      expect(rows.map((r) => Number(r.id))).toEqual([2]);
      // the insert outside a transaction was committed: another client sees it
      const other = openDb(`file:${path.join(dir, 'one-connection.db')}`);
      try {
        expect((await other.$queryRawUnsafe<Array<{ id: number | bigint }>>('SELECT "id" FROM "Probe"')).map((r) => Number(r.id))).toEqual([2]);
      } finally {
        await other.$disconnect();
      }
    } finally {
      await db.$disconnect();
    }
  });

  it('commits the next transaction after one failed on a busy database (the failed statement does not stay on the connection)', async () => {
    const file = `file:${path.join(dir, 'busy.db')}`;
    const db = openDb(file);
    const locker = openDb(file);
    try {
      await db.$executeRawUnsafe('CREATE TABLE "Probe" ("id" INTEGER PRIMARY KEY)');
      await locker.$executeRawUnsafe('BEGIN EXCLUSIVE');
      await expect(db.$transaction(async (tx) => tx.$executeRawUnsafe('INSERT INTO "Probe" ("id") VALUES (1)'))).rejects.toThrow(/busy|locked/i);
      await locker.$executeRawUnsafe('COMMIT');
      await db.$transaction(async (tx) => tx.$executeRawUnsafe('INSERT INTO "Probe" ("id") VALUES (2)'));
      expect((await locker.$queryRawUnsafe<Array<{ id: number | bigint }>>('SELECT "id" FROM "Probe"')).map((r) => Number(r.id))).toEqual([2]);
    } finally {
      await db.$disconnect();
      await locker.$disconnect();
    }
  });
});
