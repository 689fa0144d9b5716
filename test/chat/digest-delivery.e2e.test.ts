/**
 * The weekly digest end to end through the real chat adapters: a plan with a 300-objective sector,
 * planned by the real scheduler and sent by the real Dispatcher through Bolt's WebClient and
 * telegraf against the fake Slack and Telegram APIs on 127.0.0.1. What matters: every message the
 * platforms receive is within their limits, all 300 objectives arrive once, the chart follows the
 * text as a PNG, the ente-wide coordinator also gets the ente summary, and nothing is sent twice —
 * not on the next tick, nor after a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackChannel, type SlackChannel } from '../../src/chat/slack/adapter.js';
import { createTelegramChannel, type TelegramChannel } from '../../src/chat/telegram/adapter.js';
import { importPlan } from '../../src/db/plan-import.js';
import type { Db } from '../../src/db/database.js';
import { loadPlanSnapshot } from '../../src/db/plan-repository.js';
import { loadReminderSettings } from '../../src/db/settings-store.js';
import { syncReminders } from '../../src/db/reminder-store.js';
import { WorkingCalendar } from '../../src/domain/calendar.js';
import { planDigests } from '../../src/scheduler/plan-digests.js';
import { Dispatcher } from '../../src/scheduler/dispatch.js';
import { ReminderScheduler } from '../../src/scheduler/reminder-scheduler.js';
import { generatePlan } from '../../bench/generated-plan.js';
import { FakeSlackApi, type SlackApiCall } from '../support/fake-slack-api.js';
import { FakeTelegramApi, type TelegramApiCall } from '../support/fake-telegram-api.js';
import { RecordingHandler } from '../support/recording-handler.js';
import { recordingLogger } from '../support/recording-logger.js';
import { waitFor } from '../support/wait-for.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const TOKEN = '123456:TEST-token_abc';
const SLACK_TOKEN = 'xoxb-test-token';
const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
/** The ente-wide coordinator has both accounts: the digests go to the first port that reaches them (Slack). */
const ENTE_COORDINATOR = { code: 'coord-ente', name: 'Coordinatrice Ente', slack: 'U0ENTE01', telegram: '900000001' };
/** The coordinator of sector S1 is on Telegram only. */
const SECTOR_COORDINATOR = { code: 'coord-s1', name: 'Coordinatore S1', telegram: '900000002' };
/** Monday 3 October 2022, 08:30 in Rome: the default digest time. */
const MONDAY = new Date('2022-10-03T06:30:00Z');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const objectiveHeaders = (s: string) => s.match(/(\*|<b>)OB-\d+(\*|<\/b>)/g) ?? [];
const codeOf = (header: string) => header.replace(/<\/?b>|\*/g, '');

interface SectionBlock {
  type: string;
  text?: { text: string };
}
const blocksOf = (call: SlackApiCall) => call.body.blocks as SectionBlock[];
const sectionTexts = (call: SlackApiCall) => blocksOf(call).filter((b) => b.type === 'section').map((b) => b.text!.text);

let t: TestDatabase;
let slackApi: FakeSlackApi;
let telegramApi: FakeTelegramApi;
let objectiveCodes: string[];

interface Channels {
  slack: SlackChannel;
  telegram: TelegramChannel;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The real adapters on the fakes, as the service builds them (not started yet). */
function channelsOnFakes(): Channels {
  const slack = createSlackChannel({ handler: new RecordingHandler(), botToken: SLACK_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: slackApi.url, port: 0, logger: recordingLogger() });
  const telegram = createTelegramChannel({ handler: new RecordingHandler(), botToken: TOKEN, apiRoot: telegramApi.apiRoot, logger: recordingLogger() });
  return {
    slack,
    telegram,
    start: async () => {
      await slack.start();
      const polls = telegramApi.callsOf('getUpdates').length;
      await telegram.start();
      // The adapter's start resolves before telegraf starts polling, and a stop before that never
      // resolves (telegraf says "Bot is not running!", then polls on): wait for the first poll.
      await waitFor(() => telegramApi.callsOf('getUpdates').length > polls, 'the Telegram bot polling');
    },
    stop: async () => {
      await slack.stop();
      await telegram.stop();
    },
  };
}

/** A dispatcher on the adapters, Slack first: a person with both accounts gets the digest on Slack. */
function dispatcherOn(db: Db, channels: Channels, clock: () => Date, worker: string, warnings: string[]): Dispatcher {
  return new Dispatcher({ db, ports: [channels.slack, channels.telegram], clock, worker, onWarning: (w) => warnings.push(w) });
}

/** The digests of this week and the next, planned again the way planEnte plans them (a restarted service re-plans first). */
async function replanDigests(db: Db) {
  const settings = await loadReminderSettings(db, 'bench');
  const calendar = new WorkingCalendar({ timezone: 'Europe/Rome', closures: settings.closures });
  const window = { from: '2022-10-03', to: '2022-10-10' };
  const planned = planDigests({ snapshot: await loadPlanSnapshot(db, 'bench', 'pp-2022'), settings, calendar, ...window });
  return syncReminders(db, (await db.ente.findUniqueOrThrow({ where: { code: 'bench' } })).id, planned, window);
}

/** What the platforms have received so far (calls that deliver something to a person). */
function deliveries() {
  return {
    slackPosts: slackApi.callsOf('chat.postMessage').length,
    slackUploads: slackApi.uploads.length,
    slackFiles: slackApi.callsOf('files.completeUploadExternal').length,
    telegramMessages: telegramApi.callsOf('sendMessage').length,
    telegramPhotos: telegramApi.callsOf('sendPhoto').length,
  };
}

const telegramTo = (method: string, chatId: string): TelegramApiCall[] => telegramApi.callsOf(method).filter((c) => String(c.body.chat_id) === chatId);
const digestRows = (db: Db) => db.reminder.findMany({ where: { kind: 'digest' }, orderBy: { id: 'asc' } });

beforeAll(async () => {
  t = await createTestDatabase();
  const plan = generatePlan(300, 1);
  objectiveCodes = plan.objectives.map((o) => o.code);
  plan.people.push({ ...ENTE_COORDINATOR, absences: [] }, { ...SECTOR_COORDINATOR, absences: [] });
  plan.roles.push({ person: ENTE_COORDINATOR.code, role: 'coordinator' }, { person: SECTOR_COORDINATOR.code, role: 'coordinator', orgUnit: 'S1' });
  await importPlan(t.db, plan, { actor: 'test', reason: 'test' });
  slackApi = await FakeSlackApi.start();
  telegramApi = await FakeTelegramApi.start(TOKEN);
}, 120_000);
afterAll(async () => {
  await slackApi?.stop();
  await telegramApi?.stop();
  await t?.drop();
});

describe('weekly digest of a 300-objective sector through the real Slack and Telegram adapters', () => {
  it('delivers every objective within the platforms’ limits, the chart after the text, and each digest exactly once', async () => {
    const warnings: string[] = [];
    const channels = channelsOnFakes();
    const scheduler = new ReminderScheduler({ db: t.db, dispatcher: dispatcherOn(t.db, channels, () => MONDAY, 'w1', warnings), clock: () => MONDAY, horizonDays: 7 });
    // Planned before the adapters start: planning this plan's reminders holds the event loop for
    // seconds, longer than the fake server's keep-alive idle timeout (Node's 5 s), and the Slack
    // WebClient (no retries) would send its next call on the pooled socket the server closed meanwhile.
    await scheduler.planAll();
    const planned = (await digestRows(t.db)).filter((r) => r.dueDate === '2022-10-03');
    // This week: S1's digest to both coordinators, the ente summary to the ente-wide one; nothing else due.
    expect(planned.map((r) => `${r.subject} ${r.recipient} ${r.sendAt.toISOString()} ${r.state}`).sort()).toEqual([
      `digest:S1@2022-W40 ${ENTE_COORDINATOR.code} ${MONDAY.toISOString()} pending`,
      `digest:S1@2022-W40 ${SECTOR_COORDINATOR.code} ${MONDAY.toISOString()} pending`,
      `digest:ente@2022-W40 ${ENTE_COORDINATOR.code} ${MONDAY.toISOString()} pending`,
    ]);
    expect(await t.db.reminder.count({ where: { dueDate: '2022-10-03', NOT: { kind: 'digest' } } })).toBe(0);

    await channels.start();
    try {
      await scheduler.tick();
      expect(warnings).toEqual([]);
      expect((await digestRows(t.db)).filter((r) => r.dueDate === '2022-10-03').map((r) => `${r.subject} ${r.recipient} ${r.state} ${r.platform}`).sort()).toEqual([
        `digest:S1@2022-W40 ${ENTE_COORDINATOR.code} sent slack`,
        `digest:S1@2022-W40 ${SECTOR_COORDINATOR.code} sent telegram`,
        `digest:ente@2022-W40 ${ENTE_COORDINATOR.code} sent slack`,
      ]);

      // Slack: the ente-wide coordinator's DM, opened once, gets the summary and then S1's digest.
      expect(slackApi.callsOf('conversations.open').map((c) => c.body.users)).toEqual([ENTE_COORDINATOR.slack]);
      const posts = slackApi.callsOf('chat.postMessage');
      expect(new Set(posts.map((p) => p.body.channel)).size).toBe(1);
      expect(posts.every((p) => p.token === SLACK_TOKEN)).toBe(true);
      for (const post of posts) {
        expect(blocksOf(post).length).toBeLessThanOrEqual(50);
        for (const section of sectionTexts(post)) expect(section.length).toBeLessThanOrEqual(3000);
      }
      const digestStart = posts.findIndex((p) => sectionTexts(p)[0]!.startsWith('*Settore S1 — Settore 1*'));
      expect(digestStart).toBeGreaterThan(0);
      const summaryPosts = posts.slice(0, digestStart);
      const digestPosts = posts.slice(digestStart);
      expect(sectionTexts(summaryPosts[0]!)[0]).toMatch(/^\*Comune di Benchmark — riepilogo dell'ente\* · Stato al 03\/10\/2022/);
      expect(summaryPosts.flatMap(sectionTexts).join('\n')).toContain('*S1* Settore 1');
      expect(summaryPosts.flatMap(sectionTexts).flatMap(objectiveHeaders)).toEqual([]);
      expect(digestPosts.length).toBeGreaterThan(1);
      const slackHeaders = digestPosts.flatMap(sectionTexts).flatMap(objectiveHeaders);
      expect(slackHeaders).toHaveLength(300);
      expect(slackHeaders.map(codeOf)).toEqual(objectiveCodes);

      // Slack: one chart, uploaded into the same DM after the digest's last message.
      expect(slackApi.uploads).toHaveLength(1);
      const slackPng = slackApi.uploads[0]!.bytes;
      expect(slackPng.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      const [completed, ...moreCompleted] = slackApi.callsOf('files.completeUploadExternal');
      expect(moreCompleted).toEqual([]);
      expect(completed!.body).toMatchObject({ channel_id: posts[0]!.body.channel, files: [{ id: slackApi.uploads[0]!.fileId, title: 'digest-S1-2022-10-03.png' }] });
      expect(completed!.body.initial_comment).toContain('S1');
      expect(slackApi.calls.indexOf(completed!)).toBeGreaterThan(slackApi.calls.indexOf(digestPosts.at(-1)!));

      // Telegram: S1's coordinator gets the digest split into messages of at most 4,096 characters …
      const messages = telegramTo('sendMessage', SECTOR_COORDINATOR.telegram);
      expect(messages.length).toBeGreaterThan(1);
      for (const message of messages) expect(String(message.body.text).length).toBeLessThanOrEqual(4096);
      expect(String(messages[0]!.body.text)).toMatch(/^<b>Settore S1 — Settore 1<\/b>/);
      const telegramHeaders = messages.flatMap((m) => objectiveHeaders(String(m.body.text)));
      expect(telegramHeaders).toHaveLength(300);
      expect(telegramHeaders.map(codeOf)).toEqual(objectiveCodes);
      // … then the chart as a photo: the same picture Slack got (drawn once per tick).
      const photos = telegramTo('sendPhoto', SECTOR_COORDINATOR.telegram);
      expect(photos).toHaveLength(1);
      const photo = photos[0]!.files!.photo!;
      expect(photo.filename).toBe('digest-S1-2022-10-03.png');
      expect(photo.bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(photo.bytes.equals(slackPng)).toBe(true);
      expect(telegramApi.calls.indexOf(photos[0]!)).toBeGreaterThan(telegramApi.calls.indexOf(messages.at(-1)!));
      // Nobody else was written to: the ente-wide coordinator, reached on Slack, gets nothing on Telegram.
      expect(new Set([...telegramApi.callsOf('sendMessage'), ...telegramApi.callsOf('sendPhoto')].map((c) => String(c.body.chat_id)))).toEqual(new Set([SECTOR_COORDINATOR.telegram]));

      // The next minute's tick sends nothing more.
      const afterFirst = deliveries();
      await scheduler.tick();
      expect(deliveries()).toEqual(afterFirst);
    } finally {
      await channels.stop();
    }

    // A restart later that morning: new adapters, a new database client, a new dispatcher; the
    // digests are planned again first, as the service does (the digests only: planning this plan's
    // reminders again would take seconds and there are none in the window).
    const afterFirstRun = deliveries();
    const restarted = t.open();
    const again = channelsOnFakes();
    await again.start();
    try {
      // The sent week's rows are found by their keys (no second digest for that week), next week's wait.
      expect(await replanDigests(restarted)).toEqual({ created: 0, cancelled: 0, unchanged: 6 });
      const clock = () => new Date('2022-10-03T09:00:00Z');
      const dispatcher = dispatcherOn(restarted, again, clock, 'w2', warnings);
      expect(await dispatcher.recover()).toBe(0);
      expect(await dispatcher.tick()).toBe(0);
      expect(deliveries()).toEqual(afterFirstRun);
      const rows = await digestRows(restarted);
      expect(rows.filter((r) => r.dueDate === '2022-10-03').map((r) => r.state)).toEqual(['sent', 'sent', 'sent']);
      expect(rows.filter((r) => r.dueDate === '2022-10-10').map((r) => r.state)).toEqual(['pending', 'pending', 'pending']);
    } finally {
      await again.stop();
      await restarted.$disconnect();
    }
    expect(warnings).toEqual([]);
  }, 60_000);
});
