/**
 * Graceful shutdown of the real bot process (src/main.ts, Telegram by long polling on the fake Bot
 * API): a turn is in flight — its reply held by the fake platform — when SIGTERM arrives. The
 * process stops taking events (/readyz says so), finishes the turn, delivers its two-message reply once
 * the platform answers, closes the database and exits 0. /healthz, /readyz and /metrics are read from
 * the running process on the way.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeTelegramApi, textUpdate } from '../support/fake-telegram-api.js';
import { BotProcess } from '../support/bot-process.js';
import { waitFor } from '../support/wait-for.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const TOKEN = '123456:TEST-token_shutdown_abcdef';
const ANNA = 111111111;
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

describe('graceful shutdown', () => {
  it('on SIGTERM mid-turn, delivers the reply, stops and exits 0', async () => {
    bot = new BotProcess({ DATABASE_URL: t.url, PERFBOT_DEMO_PLAN: plan, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: api.apiRoot });
    const health = await bot.telegramPolling(api);
    expect(await health('/healthz')).toEqual({ status: 200, body: 'ok\n' });
    expect(await health('/readyz')).toEqual({ status: 200, body: 'ready\n' });

    const release = api.hold('sendMessage');
    api.queueUpdate(textUpdate(ANNA, '/rispondi'));
    await waitFor(() => api.callsOf('sendMessage').length > 0, 'the reply handed to the platform', 30_000);
    bot.signal('SIGTERM');
    await bot.line((l) => l.msg === 'shutting down', 'the shutdown to begin');
    expect(await health('/readyz')).toEqual({ status: 503, body: 'shutting down\n' });
    const metrics = await health('/metrics');
    expect(metrics.body).toMatch(/^perfbot_turns_total\{platform="telegram"\} 1$/m);
    release();

    expect(await bot.exited).toBe(0);
    const turn = bot.lines.find((l) => l.msg === 'turn handled');
    expect(turn).toMatchObject({ ente: 'borgo-chat', person: 'verdi-a' });
    expect(bot.lines.filter((l) => /not delivered|failed/.test(String(l.msg)))).toEqual([]);
    expect(bot.lines.at(-1)).toMatchObject({ msg: 'stopped' });
    // The reply is two messages, the second sent only once the platform answered the first (held
    // until after SIGTERM): both arrived, so the process waited for the turn's whole reply.
    const replies = api.callsOf('sendMessage').filter((c) => String(c.body.chat_id) === String(ANNA));
    expect(replies).toHaveLength(2);
    expect(String(replies[0]!.body.text)).toContain('domande per te');
    expect(await t.db.conversation.count()).toBe(1);
    expect(bot.stdout + bot.stderr + JSON.stringify(bot.lines)).not.toContain(TOKEN.split(':')[1]!);
  }, 120_000);
});
