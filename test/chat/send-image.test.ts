/**
 * A digest chart sent as a picture through each real adapter: Slack (Bolt's WebClient, external
 * upload flow) and Telegram (telegraf, multipart sendPhoto) against their fake APIs on 127.0.0.1,
 * and the local channel's outbox. What matters: the PNG's bytes arrive exactly as rendered, in the
 * person's chat, with the caption.
 */
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackChannel, type SlackChannel } from '../../src/chat/slack/adapter.js';
import { createTelegramChannel, type TelegramChannel } from '../../src/chat/telegram/adapter.js';
import { LocalChannel } from '../../src/chat/local/local-channel.js';
import { localPage } from '../../src/chat/local/local-page.js';
import { PlatformError, UnreachableError } from '../../src/chat/port.js';
import { readPlanFile } from '../../src/plan-file/read.js';
import { importPlan } from '../../src/db/plan-import.js';
import { loadPlanSnapshot } from '../../src/db/plan-repository.js';
import { buildReport } from '../../src/reports/report.js';
import { buildSectorDigest } from '../../src/reports/digest.js';
import { renderDigestChart } from '../../src/reports/digest-chart.js';
import { FakeSlackApi } from '../support/fake-slack-api.js';
import { FakeTelegramApi } from '../support/fake-telegram-api.js';
import { RecordingHandler } from '../support/recording-handler.js';
import { recordingLogger } from '../support/recording-logger.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { localPageClient } from '../support/local-page-client.js';

const root = path.resolve(import.meta.dirname, '..', '..');
let t: TestDatabase;
let png: Buffer;

beforeAll(async () => {
  t = await createTestDatabase();
  await importPlan(t.db, (await readPlanFile(path.join(root, 'examples', 'segrate-pdo-2022.json'))).plan, { actor: 'test', reason: 'test' });
  const snapshot = await loadPlanSnapshot(t.db, 'segrate', 'pdo-2022');
  png = await renderDigestChart(buildSectorDigest(buildReport(snapshot, '2022-07-31'), snapshot, 'AVV'), 'it');
});
afterAll(async () => {
  await t.drop();
});

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('sending a chart to Slack (real Bolt client against a fake Web API)', () => {
  let api: FakeSlackApi;
  let handler: RecordingHandler;
  let channel: SlackChannel;

  beforeEach(async () => {
    api = await FakeSlackApi.start();
    handler = new RecordingHandler();
    channel = createSlackChannel({ handler, botToken: 'xoxb-test-token', signingSecret: 'test-signing-secret-0123456789abcdef', apiUrl: api.url, port: 0, logger: recordingLogger() });
    await channel.start();
  });
  afterEach(async () => {
    await channel.stop();
    await api.stop();
  });

  it("uploads the PNG byte for byte into the person's DM, with the caption as the message", async () => {
    const fileId = await channel.sendImage({ platform: 'slack', chatId: 'U123' }, { png, filename: 'digest-AVV-2022-07-31.png', caption: 'Settore AVV: previsto & effettivo <31/07>' });

    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(api.uploads).toHaveLength(1);
    const [upload] = api.uploads;
    expect(upload!.bytes.equals(png)).toBe(true);
    expect(fileId).toBe(upload!.fileId);
    const [asked] = api.callsOf('files.getUploadURLExternal');
    expect(asked!.body).toMatchObject({ filename: 'digest-AVV-2022-07-31.png', length: String(png.length) });
    const [completed] = api.callsOf('files.completeUploadExternal');
    expect(completed!.body).toMatchObject({
      channel_id: 'D123',
      initial_comment: 'Settore AVV: previsto &amp; effettivo &lt;31/07&gt;',
      files: [{ id: upload!.fileId, title: 'digest-AVV-2022-07-31.png' }],
    });
    expect(api.callsOf('conversations.open')[0]!.body).toMatchObject({ users: 'U123' });
    expect(completed!.token).toBe('xoxb-test-token');
  });

  it('turns a refused upload into the port errors (unreachable person, platform error)', async () => {
    api.fail('files.completeUploadExternal', { error: 'not_in_channel' });
    const refused = await channel.sendImage({ platform: 'slack', chatId: 'D555' }, { png, filename: 'a.png' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PlatformError);
    expect(refused).toMatchObject({ method: 'files.uploadV2', code: 'not_in_channel' });

    api.fail('conversations.open', { error: 'account_inactive' });
    await expect(channel.sendImage({ platform: 'slack', chatId: 'U901' }, { png, filename: 'a.png' })).rejects.toBeInstanceOf(UnreachableError);
    expect(handler.unreachable).toEqual([{ platform: 'slack', userId: 'U901', reason: 'account_inactive' }]);
  });
});

describe('sending a chart to Telegram (real telegraf against a fake Bot API)', () => {
  const TOKEN = '123456:TEST-token_abc';
  let api: FakeTelegramApi;
  let handler: RecordingHandler;
  let channel: TelegramChannel;

  beforeEach(async () => {
    api = await FakeTelegramApi.start(TOKEN);
    handler = new RecordingHandler();
    channel = createTelegramChannel({ handler, botToken: TOKEN, apiRoot: api.apiRoot, logger: recordingLogger() });
    await channel.start();
  });
  afterEach(async () => {
    await channel.stop();
    await api.stop();
  });

  it('sends the PNG as a photo (multipart), byte for byte, with the caption', async () => {
    const messageId = await channel.sendImage({ platform: 'telegram', chatId: '111' }, { png, filename: 'digest-AVV-2022-07-31.png', caption: 'Settore AVV: previsto ed effettivo' });

    const [call] = api.callsOf('sendPhoto');
    expect(call!.body).toMatchObject({ chat_id: '111', caption: 'Settore AVV: previsto ed effettivo' });
    expect(call!.files?.photo?.filename).toBe('digest-AVV-2022-07-31.png');
    expect(call!.files!.photo!.bytes.equals(png)).toBe(true);
    expect(Number(messageId)).toBeGreaterThan(0);
  });

  it("cuts a caption to Telegram's 1,024 characters, and maps a blocked bot to UnreachableError", async () => {
    await channel.sendImage({ platform: 'telegram', chatId: '111' }, { png, filename: 'a.png', caption: 'è'.repeat(1500) });
    expect(api.callsOf('sendPhoto')[0]!.body.caption).toBe('è'.repeat(1024));

    api.fail('sendPhoto', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    await expect(channel.sendImage({ platform: 'telegram', chatId: '222' }, { png, filename: 'a.png' })).rejects.toBeInstanceOf(UnreachableError);
    expect(handler.unreachable).toEqual([{ platform: 'telegram', userId: '222', reason: 'Forbidden: bot was blocked by the user' }]);
  });
});

describe('sending a chart to the local chat', () => {
  it('puts the picture in the outbox the page polls, as a data URL of the same bytes', async () => {
    const channel = new LocalChannel({ db: t.db, handler: new RecordingHandler(), port: 0 });
    const base = await channel.start();
    try {
      await channel.sendImage({ platform: 'local', chatId: 'segrate/bossi-c' }, { png, filename: 'digest-AVV.png', caption: 'Settore AVV' });
      const client = await localPageClient(base);
      const [entry] = (await (await client.get('/api/outbox?person=segrate/bossi-c')).json()) as Array<{ text: string; image: string; filename: string }>;
      expect(entry).toMatchObject({ text: 'Settore AVV', filename: 'digest-AVV.png' });
      expect(entry!.image.startsWith('data:image/png;base64,')).toBe(true);
      expect(Buffer.from(entry!.image.slice('data:image/png;base64,'.length), 'base64').equals(png)).toBe(true);
      // the page knows how to show it
      expect(localPage()).toContain("document.createElement('img')");
    } finally {
      await channel.stop();
    }
  });
});
