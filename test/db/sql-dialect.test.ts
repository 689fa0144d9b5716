import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPostgresClient, providerOf } from '../../src/db/database.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

describe('isPostgresClient: the SQL dialect of a client', () => {
  it('is the database’s for the client, an $extends-ed client and a transaction', async () => {
    const postgres = providerOf(t.url) === 'postgresql';
    expect(isPostgresClient(t.db)).toBe(postgres);
    const extended = t.db.$extends({ query: { measurement: { $allOperations: ({ args, query }) => query(args) } } });
    expect(isPostgresClient(extended as unknown as typeof t.db)).toBe(postgres);
    await t.db.$transaction(async (tx) => expect(isPostgresClient(tx)).toBe(postgres));
  });
});
