/**
 * The SQLite adapter (libsql) applies perfbot's PRAGMAs to every connection it opens, including the
 * new one libsql opens after handing its connection to a transaction. Always on a SQLite file of its
 * own: this is the SQLite driver, whatever database the rest of the suite uses.
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
});
