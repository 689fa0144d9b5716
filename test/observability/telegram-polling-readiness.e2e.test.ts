/**
 * /readyz of the real bot process (src/main.ts, Telegram by long polling on the fake Bot API) when
 * long polling dies after start: Telegram answers getUpdates with 409 Conflict (another process
 * polls with the same token) and telegraf stops polling for good. The process is still alive but
 * receives nothing from Telegram, so it must not say it is ready.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeTelegramApi } from '../support/fake-telegram-api.js';
import { BotProcess } from '../support/bot-process.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const TOKEN = '123456:TEST-token_readiness_abcdef';
const plan = path.resolve(import.meta.dirname, '..', 'fixtures', 'checkin-plan.yaml');

let t: TestDatabase;
let api: FakeTelegramApi;
let bot: BotProcess | undefined;

beforeEach(async () => {
  t = await createTestDatabase();
  api = await FakeTelegramApi.start(TOKEN);
});
afterEach(async () => {
  bot?.kill();
  await api.stop();
  await t.drop();
});

describe('readiness and Telegram long polling', () => {
  it('is not ready once Telegram long polling has stopped on a 409 Conflict, and says why', async () => {
    bot = new BotProcess({ DATABASE_URL: t.url, PERFBOT_DEMO_PLAN: plan, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: api.apiRoot });
    const health = await bot.telegramPolling(api);
    expect(await health('/readyz')).toEqual({ status: 200, body: 'ready\n' });

    api.fail('getUpdates', { error_code: 409, description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running' });
    await bot.line((l) => l.msg === 'telegram: long polling stopped', 'polling to stop', 30_000);
    // the state changes with the log line; a few reads allow for the order of the two
    let ready = await health('/readyz');
    for (let read = 0; read < 20 && ready.status !== 503; read++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      ready = await health('/readyz');
    }
    expect(ready.status).toBe(503);
    expect(ready.body).toContain('telegram');
    expect(ready.body).toContain('409');
    // alive all the same: the process runs, only Telegram does not reach it
    expect(await health('/healthz')).toEqual({ status: 200, body: 'ok\n' });
    expect(bot.stdout + bot.stderr + JSON.stringify(bot.lines)).not.toContain(TOKEN.split(':')[1]!);
  }, 120_000);
});
