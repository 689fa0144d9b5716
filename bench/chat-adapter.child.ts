/**
 * One answer turn through the real adapters, against the bare frameworks in the same run: a signed
 * Slack DM event to perfbot's Bolt app (HTTP receiver) and a Telegram update to its telegraf
 * webhook, each timed from the request until the reply reaches the fake platform API; the same
 * for a bare Bolt app and a bare telegraf bot whose handler only replies. Batches of turns
 * alternate between bare and perfbot, so both see the same machine load. Wall time per turn, and
 * CPU per turn of this process (which also runs the fakes and the sender: the same for both, so
 * the difference is what perfbot adds). Prints one `BENCH {…}` line.
 */
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver } from '@slack/bolt';
import { Telegraf } from 'telegraf';
import { openDb } from '../src/db/open-db.js';
import { importPlan } from '../src/db/plan-import.js';
import { forgetSnapshots } from '../src/db/plan-snapshot-cache.js';
import { CheckinEngine } from '../src/conversations/checkin-engine.js';
import { createSlackChannel } from '../src/chat/slack/adapter.js';
import { createTelegramChannel } from '../src/chat/telegram/adapter.js';
import { generatePlan } from '../src/plan-file/generate.js';
import { FakeSlackApi } from '../test/support/fake-slack-api.js';
import { FakeTelegramApi, textUpdate } from '../test/support/fake-telegram-api.js';
import { deliverToSlackApp, dmRequest } from '../test/support/slack-requests.js';
import { recordingLogger } from '../test/support/recording-logger.js';
import { createBenchDatabase, emit, option } from './bench-db.js';
import { mergeProfiles, type CpuProfile } from './cpu-profile.js';

const people = option('--people', 6);
let debug: () => unknown = () => null;
const SECRET = 'bench-signing-secret';
const TOKEN = '424242:bench-token';
const WEBHOOK_SECRET = 'bench-webhook-secret';

interface Sample {
  wallMs: number;
  cpuMs: number;
}

/** Resolves once `ready()` holds, checking on every turn of the event loop. */
async function until(ready: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`no reply within 30 s${process.env.PERFBOT_BENCH_TRACE ? `: ${JSON.stringify(debug())}` : ''}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

// PERFBOT_BENCH_PROFILE=slack|telegram|bare-slack|bare-telegram writes a CPU profile of only those
// turns to chat-adapter-<kind>.cpuprofile in the temporary folder (setup and the other turns excluded)
const profiled = process.env.PERFBOT_BENCH_PROFILE;
const inspector = profiled ? new Session() : undefined;
const profiles: CpuProfile[] = [];
if (inspector) {
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.setSamplingInterval', { interval: 100 });
}

/** Times one turn: `send` starts it, `replied` says when the reply has reached the fake API. */
async function turn(send: () => Promise<unknown>, replied: () => boolean, kind: string): Promise<Sample> {
  const profiling = inspector !== undefined && kind === profiled;
  if (profiling) await inspector.post('Profiler.start');
  const cpu = process.cpuUsage();
  const started = performance.now();
  await send();
  await until(replied);
  const used = process.cpuUsage(cpu);
  const sample = { wallMs: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
  if (profiling) profiles.push((await inspector.post('Profiler.stop')).profile as CpuProfile);
  return sample;
}

function summary(samples: Sample[]) {
  const sorted = [...samples].sort((a, b) => a.wallMs - b.wallMs);
  const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.wallMs;
  return { turns: samples.length, median: pick(0.5), p95: pick(0.95), cpuMs: samples.reduce((s, x) => s + x.cpuMs, 0) / samples.length };
}

/** The answer to the question in `text`: a % for a phase, "non rilevabile" for an indicator. */
function answerTo(text: string): string {
  const last = text.split('\n').filter((l) => /Fase|Indicatore/.test(l)).at(-1) ?? '';
  return last.includes('Fase') ? '50' : 'non rilevabile: misura non disponibile';
}

const database = await createBenchDatabase();
const db = openDb(database.url);
const slackApi = await FakeSlackApi.start();
const telegramApi = await FakeTelegramApi.start(TOKEN);
const servers: Server[] = [];
const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  servers.push(server);
  return (server.address() as AddressInfo).port;
};
try {
  await importPlan(db, generatePlan(50, 10), { actor: 'bench', reason: 'bench' });
  // Slack accounts for the generated people (their Telegram ids come with the plan)
  const persons = await db.person.findMany({ where: { code: { startsWith: 'po-' } }, orderBy: { id: 'asc' }, take: people * 2 });
  // the first `people` answer on Slack, the next `people` on Telegram
  for (const [i, p] of persons.slice(0, people).entries()) await db.chatIdentity.create({ data: { personId: p.id, platform: 'slack', externalId: `U${String(i).padStart(8, '0')}` } });
  forgetSnapshots(db);
  const engine = new CheckinEngine(db, () => new Date('2022-11-15T09:00:00Z'));
  const quiet = recordingLogger();

  // perfbot: the real adapters around the real engine
  const slack = createSlackChannel({ handler: engine, botToken: 'xoxb-bench', signingSecret: SECRET, apiUrl: slackApi.url, port: 0, logger: quiet });
  await slack.start();
  const telegram = createTelegramChannel({ handler: engine, botToken: TOKEN, apiRoot: telegramApi.apiRoot, logger: quiet, webhook: { url: 'https://bench.example/tg', secretToken: WEBHOOK_SECRET, port: 0, path: '/tg' } });
  await telegram.start();

  // bare: a Bolt app and a telegraf bot whose handler only replies
  const bareReceiver = new HTTPReceiver({ signingSecret: SECRET, endpoints: '/slack/events', processBeforeResponse: false });
  const bareBolt = new App({ token: 'xoxb-bench', receiver: bareReceiver, clientOptions: { slackApiUrl: slackApi.url } });
  bareBolt.message(async ({ say }) => void (await say('ok')));
  const bareSlackPort = await listen(createServer((req, res) => bareReceiver.requestListener(req, res)));
  const bareTelegraf = new Telegraf(TOKEN, { telegram: { apiRoot: telegramApi.apiRoot, webhookReply: false } });
  bareTelegraf.botInfo = await bareTelegraf.telegram.getMe();
  bareTelegraf.on('text', async (ctx) => void (await ctx.reply('ok')));
  bareTelegraf.catch((error) => console.error('bare telegraf:', (error as Error).message));
  bareTelegraf.use(async (ctx, next) => (process.env.PERFBOT_BENCH_TRACE && console.error('bare update', ctx.updateType), next()));
  const bareTelegramPort = await listen(createServer(bareTelegraf.webhookCallback('/tg', { secretToken: WEBHOOK_SECRET })));

  let sequence = 0;
  debug = () => ({ slack: slackApi.posted.slice(-3), telegram: telegramApi.calls.slice(-3) });
  const slackPosts = (channel: string) => slackApi.posted.filter((m) => m.channel === channel);
  // a turn ends when its reply has arrived (perfbot's: the next question or the summary)
  const QUESTION = /Fase|Indicatore|Riepilogo/;
  const slackTurn = async (port: number, user: string, channel: string, text: string, bare = false) => {
    const before = slackPosts(channel).length;
    const replied = () => slackPosts(channel).slice(before).some((m) => bare || QUESTION.test(m.text));
    const sample = await turn(() => deliverToSlackApp(`http://127.0.0.1:${port}/slack/events`, SECRET, dmRequest(user, channel, text, `Ev${++sequence}`)), replied, bare ? 'bare-slack' : text === 'rispondi' ? 'start' : 'slack');
    return { sample, reply: slackPosts(channel).slice(before).map((m) => m.text).join('\n') };
  };
  const telegramSends = (chat: number) => telegramApi.callsOf('sendMessage').filter((c) => Number(c.body.chat_id) === chat);
  const telegramTurn = async (port: number, chat: number, text: string, bare = false) => {
    const before = telegramSends(chat).length;
    const replied = () => telegramSends(chat).slice(before).some((c) => bare || QUESTION.test(String(c.body.text)));
    const update = { update_id: telegramApi.takeUpdateId(), ...textUpdate(chat, text) };
    const post = () => fetch(`http://127.0.0.1:${port}/tg`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET }, body: JSON.stringify(update) });
    const sample = await turn(async () => {
      const response = await post();
      if (response.status !== 200) throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
    }, replied, bare ? 'bare-telegram' : text === '/rispondi' ? 'start' : 'telegram');
    return { sample, reply: telegramSends(chat).slice(before).map((c) => String(c.body.text)).join('\n') };
  };

  const results: Record<string, { bare: Sample[]; perfbot: Sample[] }> = { slack: { bare: [], perfbot: [] }, telegram: { bare: [], perfbot: [] } };
  for (let p = 0; p < people; p++) {
    const slackUser = `U${String(p).padStart(8, '0')}`;
    const slackDm = `D${String(p).padStart(8, '0')}`;
    const telegramChat = 100000000 + people + p;
    // one person's ten answers on each platform, each batch next to a batch of bare turns
    for (const platform of ['slack', 'telegram'] as const) {
      for (let i = 0; i < 10; i++) results[platform]!.bare.push(platform === 'slack' ? (await slackTurn(bareSlackPort, 'UBARE0001', 'DBARE0001', 'ciao', true)).sample : (await telegramTurn(bareTelegramPort, 900000001, 'ciao', true)).sample);
      let reply = platform === 'slack' ? (await slackTurn(slack.port!, slackUser, slackDm, 'rispondi')).reply : (await telegramTurn(telegram.port!, telegramChat, '/rispondi')).reply;
      if (!/Fase|Indicatore/.test(reply)) throw new Error(`${platform}: no question for person ${p}: ${reply.slice(0, 200)}`);
      for (let item = 0; item < 10 && !reply.includes('Riepilogo'); item++) {
        const answered = platform === 'slack' ? await slackTurn(slack.port!, slackUser, slackDm, answerTo(reply)) : await telegramTurn(telegram.port!, telegramChat, answerTo(reply));
        results[platform]!.perfbot.push(answered.sample);
        reply = answered.reply;
      }
    }
  }
  await slack.stop();
  await telegram.stop();
  const out: Record<string, unknown> = {};
  for (const [platform, r] of Object.entries(results)) if (r.perfbot.length > 0) out[platform] = { bare: summary(r.bare), perfbot: summary(r.perfbot) };
  emit(out);
  if (profiles.length > 0) {
    const file = path.join(tmpdir(), `chat-adapter-${profiled}.cpuprofile`);
    writeFileSync(file, JSON.stringify(mergeProfiles(profiles)));
    console.error(`profile: ${file}`);
  }
} finally {
  for (const server of servers) server.close();
  await slackApi.stop();
  await telegramApi.stop();
  await db.$disconnect();
  await database.drop();
}
