/**
 * /healthz, /readyz and /metrics on a real database: ready when the database answers with every
 * migration applied and every configured channel has started; 503 with the reason when a channel
 * has not started, a migration is missing, the process is shutting down, or the database is gone.
 * "Gone": on PostgreSQL the bot reaches the server through a TCP relay the test then shuts, so the
 * server really stops answering this client (stopping the shared test server would break the other
 * test files running meanwhile); on SQLite the database file is deleted.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb, providerOf, sqlitePath, type Db } from '../../src/db/open-db.js';
import { HealthServer } from '../../src/observability/health-server.js';
import { ChannelStates, databaseCheck } from '../../src/observability/readiness.js';
import { Metrics } from '../../src/observability/metrics.js';
import { oldestDueAt } from '../../src/db/claim-release.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let t: TestDatabase;
let server: HealthServer | undefined;

beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await server?.stop();
  server = undefined;
  await t.drop();
});

async function get(path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`http://127.0.0.1:${server!.port}${path}`);
  return { status: response.status, body: await response.text() };
}

async function healthOn(db: Db, url: string, channels = new ChannelStates(), now = new Date()): Promise<HealthServer> {
  server = new HealthServer({ port: 0, host: '127.0.0.1', metrics: new Metrics({ oldestDueAt: () => oldestDueAt(db, now), clock: () => now }), checks: [databaseCheck(db, url), channels.check()] });
  await server.start();
  return server;
}

/** A TCP relay to the PostgreSQL server of `url`; `close()` cuts every connection and refuses new ones. */
async function relayTo(url: string): Promise<{ url: string; close: () => Promise<void> }> {
  const target = new URL(url);
  const sockets = new Set<Socket>();
  const relay: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', () => resolve()));
  const relayed = new URL(url);
  relayed.hostname = '127.0.0.1';
  relayed.port = String((relay.address() as { port: number }).port);
  return {
    url: relayed.toString(),
    close: () =>
      new Promise<void>((resolve) => {
        relay.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

describe('health endpoints', () => {
  it('is alive, and ready only once every configured channel has started', async () => {
    const channels = new ChannelStates();
    channels.expect('telegram');
    await healthOn(t.db, t.url, channels);
    expect(await get('/healthz')).toEqual({ status: 200, body: 'ok\n' });
    expect(await get('/readyz')).toEqual({ status: 503, body: 'telegram not started yet\n' });
    channels.started('telegram');
    expect(await get('/readyz')).toEqual({ status: 200, body: 'ready\n' });
    channels.shuttingDown();
    expect(await get('/readyz')).toEqual({ status: 503, body: 'shutting down\n' });
    expect((await get('/nothing')).status).toBe(404);
  });

  it('is not ready once a started channel has stopped receiving, and says which and why', async () => {
    const channels = new ChannelStates();
    channels.expect('telegram');
    channels.expect('local');
    await healthOn(t.db, t.url, channels);
    channels.started('telegram');
    channels.started('local');
    expect(await get('/readyz')).toEqual({ status: 200, body: 'ready\n' });
    channels.failed('telegram', 'telegram getUpdates failed: 409: Conflict');
    expect(await get('/readyz')).toEqual({ status: 503, body: 'telegram stopped receiving: telegram getUpdates failed: 409: Conflict\n' });
    expect(await get('/healthz')).toEqual({ status: 200, body: 'ok\n' });
  });

  it('is not ready while a committed migration is not applied', async () => {
    const [last] = await t.db.$queryRawUnsafe<Array<{ migration_name: string }>>('SELECT migration_name FROM _prisma_migrations ORDER BY migration_name DESC');
    await t.db.$executeRawUnsafe(`DELETE FROM _prisma_migrations WHERE migration_name = '${last!.migration_name}'`);
    await healthOn(t.db, t.url);
    expect(await get('/readyz')).toEqual({ status: 503, body: `migrations not applied: ${last!.migration_name}\n` });
  });

  it('reports the dispatcher lag in Prometheus text: the age of the oldest due row', async () => {
    const now = new Date('2022-08-01T08:00:00Z');
    const ente = await t.db.ente.create({ data: { code: 'lag', name: 'Lag' } });
    const row = { enteId: ente.id, kind: 'phase-deadline', subject: 's', recipient: 'p', dueDate: '2022-08-01', step: 'day' };
    await t.db.reminder.createMany({
      data: [
        { ...row, key: 'a', sendAt: new Date(now.getTime() - 90_000) },
        { ...row, key: 'b', sendAt: new Date(now.getTime() - 600_000), state: 'sent' },
        { ...row, key: 'c', sendAt: new Date(now.getTime() + 600_000) },
      ],
    });
    await healthOn(t.db, t.url, new ChannelStates(), now);
    const metrics = await get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('# TYPE perfbot_dispatcher_lag_seconds gauge');
    expect(metrics.body).toMatch(/^perfbot_dispatcher_lag_seconds 90$/m);
  });

  it('answers 503 with the reason while the database is unreachable, alive all the same', async () => {
    if (providerOf(t.url) === 'postgresql') {
      const relay = await relayTo(t.url);
      const db = openDb(relay.url);
      try {
        await healthOn(db, relay.url);
        expect(await get('/readyz')).toEqual({ status: 200, body: 'ready\n' });
        await relay.close();
        const down = await get('/readyz');
        expect(down.status).toBe(503);
        expect(down.body).toMatch(/^database unreachable: /);
        expect((await get('/healthz')).status).toBe(200);
        expect((await get('/metrics')).body).toMatch(/^perfbot_dispatcher_lag_seconds Nan$/m);
      } finally {
        await db.$disconnect().catch(() => undefined);
      }
    } else {
      await healthOn(t.db, t.url);
      expect(await get('/readyz')).toEqual({ status: 200, body: 'ready\n' });
      rmSync(sqlitePath(t.url));
      expect(await get('/readyz')).toEqual({ status: 503, body: `database file ${sqlitePath(t.url)} is missing\n` });
      expect((await get('/healthz')).status).toBe(200);
    }
  });
});
