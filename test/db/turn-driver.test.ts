/**
 * A turn's statements on the driver beneath Prisma (db/turn-driver.ts): on SQLite the claim and the
 * conditional save commit together or not at all, a repeated delivery or a stale revision writes
 * nothing, and a statement waits for the client's open Prisma transaction instead of running inside
 * or beside it. PostgreSQL has no driver here: its turns keep Prisma's statements.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerOf } from '../../src/db/open-db.js';
import { importPlan } from '../../src/db/plan-import.js';
import { readPlanFile } from '../../src/plan-file/read.js';
import { createConversation, loadConversationAndVersion } from '../../src/db/conversation-store.js';
import { turnDriverOf, type TurnSave } from '../../src/db/turn-driver.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const plan = path.resolve(import.meta.dirname, '..', 'fixtures', 'checkin-plan.yaml');
let t: TestDatabase;
let personId: number;
beforeAll(async () => {
  t = await createTestDatabase();
  await importPlan(t.db, (await readPlanFile(plan)).plan, { actor: 'test', reason: 'test' });
  personId = (await t.db.person.findFirstOrThrow({ orderBy: { id: 'asc' } })).id;
  await createConversation(t.db, personId, { platform: 'telegram', chatId: 'c1', version: 2, state: { step: 0 } });
});
afterAll(async () => {
  await t.drop();
});

const save = (rev: number, step: number, deliveryId?: string): TurnSave => ({
  platform: 'telegram',
  ...(deliveryId ? { deliveryId } : {}),
  at: new Date('2022-08-02T07:30:00Z'),
  personId,
  rev,
  conversation: { platform: 'telegram', chatId: 'c1', version: 2, state: { step } },
});
const deliveries = async (id: string) => t.db.processedDelivery.count({ where: { platform: 'telegram', deliveryId: id } });

describe('turn driver', () => {
  it(`is ${providerOf(process.env.TEST_DATABASE_URL ?? 'file:') === 'postgresql' ? 'absent on PostgreSQL' : 'present on SQLite'} once the client has connected`, async () => {
    await t.db.$queryRawUnsafe('SELECT 1');
    expect(turnDriverOf(t.db) !== undefined).toBe(providerOf(t.url) === 'sqlite');
  });

  it('saves over the loaded revision once: the same delivery again, or a stale revision, writes nothing', async () => {
    const driver = turnDriverOf(t.db);
    // on PostgreSQL the same guarantees come from conversation-store.ts's Prisma statements (checkin-engine tests)
    if (providerOf(t.url) === 'postgresql') return expect(driver).toBeUndefined();
    const { conversation } = await loadConversationAndVersion<{ step: number }>(t.db, personId);
    expect(conversation?.state).toEqual({ step: 0 });
    const rev = conversation!.rev;
    expect(await driver!.saveTurn(save(rev, 1, 'd-1'))).toBe('saved');
    // the same delivery over the new revision: refused before the save, nothing written
    expect(await driver!.saveTurn(save(rev + 1, 2, 'd-1'))).toBe('duplicate');
    // another turn over the revision already taken: lost, and its delivery not claimed either
    expect(await driver!.saveTurn(save(rev, 3, 'd-2'))).toBe('lost');
    expect(await deliveries('d-2')).toBe(0);
    expect(await deliveries('d-1')).toBe(1);
    const after = await loadConversationAndVersion<{ step: number }>(t.db, personId);
    expect(after.conversation).toMatchObject({ state: { step: 1 }, rev: rev + 1 });
    // what the driver wrote reads back through Prisma alike (the date format the adapter writes)
    const row = await t.db.processedDelivery.findFirstOrThrow({ where: { deliveryId: 'd-1' } });
    expect(row.at.toISOString()).toBe('2022-08-02T07:30:00.000Z');
  });

  it('waits for an open Prisma transaction of the same client and then sees what it committed', async () => {
    const driver = turnDriverOf(t.db);
    if (providerOf(t.url) === 'postgresql') return expect(driver).toBeUndefined();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inside!: () => void;
    const started = new Promise<void>((resolve) => (inside = resolve));
    const before = (await loadConversationAndVersion(t.db, personId)).conversation!.rev;
    const transaction = t.db.$transaction(async (tx) => {
      await tx.$executeRaw`UPDATE "Conversation" SET "rev" = ${before + 10} WHERE "personId" = ${personId}`;
      inside();
      await held;
    });
    await started;
    const order: string[] = [];
    const read = loadConversationAndVersion(t.db, personId).then((r) => (order.push('read'), r));
    await new Promise((resolve) => setImmediate(resolve));
    order.push('commit');
    release();
    await transaction;
    const seen = await read;
    expect(order).toEqual(['commit', 'read']);
    expect(seen.conversation?.rev).toBe(before + 10);
  });
});
