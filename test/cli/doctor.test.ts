/**
 * `perfbot doctor` against the fake Slack and Telegram APIs and the test database: one line per
 * finding, exit 0 when nothing blocks, exit 1 with actionable lines when something does.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/program.js';
import { importPlan } from '../../src/db/plan-import.js';
import { readPlanFile } from '../../src/plan-file/read.js';
import { manifestScopes } from '../../src/doctor/platform-checks.js';
import { FakeSlackApi } from '../support/fake-slack-api.js';
import { FakeTelegramApi } from '../support/fake-telegram-api.js';
import { countRows, createTestDatabase, type TestDatabase } from '../support/test-database.js';

const TOKEN = '123456:TEST-token_doctor_abcdef';
const SLACK_TOKEN = 'xoxb-doctor-token';
const WEBHOOK = 'https://perfbot.example.org/telegram/hook';
const plan = path.resolve(import.meta.dirname, '..', 'fixtures', 'checkin-plan.yaml');

let t: TestDatabase;
let slack: FakeSlackApi;
let telegram: FakeTelegramApi;

beforeEach(async () => {
  t = await createTestDatabase();
  await importPlan(t.db, (await readPlanFile(plan)).plan, { actor: 'test', reason: 'test' });
  slack = await FakeSlackApi.start();
  telegram = await FakeTelegramApi.start(TOKEN);
  slack.grantedScopes = manifestScopes();
  telegram.webhookUrl = WEBHOOK;
});
afterEach(async () => {
  await slack.stop();
  await telegram.stop();
  await t.drop();
});

async function doctor(env: Record<string, string> = {}, ...args: string[]): Promise<{ code: number; lines: string[]; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['doctor', ...args], {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    env: {
      DATABASE_URL: t.url,
      SLACK_BOT_TOKEN: SLACK_TOKEN,
      SLACK_SIGNING_SECRET: 'doctor-signing-secret-0123456789',
      SLACK_API_URL: slack.url,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_BOT_USERNAME: 'perfbot_test_bot',
      TELEGRAM_API_ROOT: telegram.apiRoot,
      TELEGRAM_WEBHOOK_URL: WEBHOOK,
      TELEGRAM_WEBHOOK_SECRET: 'webhook-secret-0123456789',
      ...env,
    },
  });
  return { code, lines: stdout.trimEnd().split('\n'), stderr };
}

describe('perfbot doctor', () => {
  it('says all is well, with the next reminders, and exits 0 on a working set-up', async () => {
    const ente = await t.db.ente.findUniqueOrThrow({ where: { code: 'borgo-chat' } });
    await t.db.reminder.create({ data: { enteId: ente.id, key: 'k1', kind: 'checkpoint', subject: 'RU-1/a@2022-07-31', recipient: 'verdi-a', dueDate: '2099-08-01', step: 'first', sendAt: new Date('2099-08-01T07:30:00Z') } });
    const before = await countRows(t.db);
    const { code, lines, stderr } = await doctor();
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(lines).toEqual([
      "OK      configurazione letta (.env e variabili d'ambiente).",
      'OK      database raggiungibile.',
      expect.stringMatching(/^OK {6}tutte le \d+ migrazioni sono applicate\.$/),
      'OK      Slack: token valido (workspace Comune, bot perfbot).',
      'OK      Telegram: token valido (bot @perfbot_test_bot).',
      `OK      webhook Telegram registrato: ${WEBHOOK}.`,
      'OK      borgo-chat: tutte le 4 persone del piano sono raggiungibili in chat.',
      'INFO    prossimo invio 2099-08-01 09:30 (borgo-chat) a verdi-a: checkpoint RU-1/a@2022-07-31.',
      'Nessun problema bloccante (0 avvisi).',
    ]);
    expect(slack.callsOf('auth.test')[0]!.token).toBe(SLACK_TOKEN);
    expect(telegram.callsOf('getWebhookInfo')).toHaveLength(1);
    expect(await countRows(t.db)).toEqual(before);
  });

  it('prints one actionable line per problem and exits 1 when something blocks', async () => {
    slack.grantedScopes = manifestScopes().filter((s) => s !== 'files:write' && s !== 'im:write');
    telegram.webhookUrl = 'https://other.example.org/hook';
    await t.db.chatIdentity.updateMany({ where: { person: { code: 'rossi-d' } }, data: { unreachable: true, unreachableReason: 'Forbidden: bot was blocked by the user' } });
    await t.db.chatIdentity.deleteMany({ where: { person: { code: 'admin-1' } } });
    const { code, lines } = await doctor({}, '--lang', 'en');
    expect(code).toBe(1);
    expect(lines.filter((l) => !l.startsWith('OK') && !l.startsWith('INFO'))).toEqual([
      'ERROR   the Slack token lacks the scopes files:write, im:write: add them to the app (slack-app-manifest.yaml) and reinstall it to the workspace.',
      'ERROR   Telegram has the webhook https://other.example.org/hook, not https://perfbot.example.org/telegram/hook: another installation uses this token, or the URL changed. Restart perfbot to register the right one.',
      'WARNING borgo-chat/admin-1 has no account on slack, telegram: they will get no reminders. Send an invitation («npx perfbot invite --ente borgo-chat --person admin-1») or add slack/telegram/email in the plan file.',
      'WARNING borgo-chat/rossi-d cannot be reached on telegram (Forbidden: bot was blocked by the user): ask them to unblock the bot, or link another account («npx perfbot invite --ente borgo-chat --person rossi-d»).',
      '2 blocking problems, 2 warnings: fix them and run «npx perfbot doctor» again.',
    ]);
  });

  it('does not create a SQLite database that does not exist yet', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'perfbot-doctor-')), 'missing', 'perfbot.db');
    const { code, lines } = await doctor({ DATABASE_URL: `file:${file}` });
    expect(code).toBe(0);
    expect(lines).toContain('ATTENZ. database vuoto: le migrazioni vengono applicate al primo avvio («npm start») o con un qualsiasi comando perfbot.');
    expect(existsSync(file)).toBe(false);
  });

  it('reports refused tokens and an unreachable database, never printing a token', async () => {
    slack.fail('auth.test', { error: 'invalid_auth' });
    telegram.fail('getMe', { error_code: 401, description: 'Unauthorized' });
    const { code, lines } = await doctor({ DATABASE_URL: 'postgresql://perfbot@127.0.0.1:1/perfbot', TELEGRAM_WEBHOOK_URL: 'http://perfbot.example.org/hook' });
    expect(code).toBe(1);
    expect(lines).toEqual(expect.arrayContaining([
      'ERRORE  TELEGRAM_WEBHOOK_URL (http://perfbot.example.org/hook) non è https: Telegram accetta solo webhook HTTPS. Metti un reverse proxy con TLS (docs/operations.md).',
      expect.stringMatching(/^ERRORE {2}database non raggiungibile \(.+\)\. Controlla DATABASE_URL e che il server PostgreSQL sia avviato\.$/),
      "ERRORE  Slack rifiuta il token (invalid_auth): copia di nuovo il Bot User OAuth Token (xoxb-…) in SLACK_BOT_TOKEN e reinstalla l'app.",
      'ERRORE  Telegram rifiuta il token (Unauthorized): copia di nuovo il token di @BotFather in TELEGRAM_BOT_TOKEN.',
    ]));
    expect(lines.join('\n')).not.toContain(TOKEN);
    expect(lines.join('\n')).not.toContain(SLACK_TOKEN);
  });
});
