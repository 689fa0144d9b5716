/**
 * The web console in-process (fastify inject) on a real database: one-time links, sessions, CSRF,
 * roles, the dashboard against `perfbot report --format json`, the plan upload and the reminders.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { runCli } from '../../src/cli/program.js';
import { importPlan } from '../../src/db/plan-import.js';
import { loadPlanSnapshot } from '../../src/db/plan-repository.js';
import { loadReminderSettings } from '../../src/db/settings-store.js';
import { readPlanFile } from '../../src/plan-file/read.js';
import { writeStoredPlanWorkbook } from '../../src/plan-workbook/write-workbook.js';
import { reportSchema } from '../../src/reports/report-schema.js';
import { createConsoleLink } from '../../src/web/console-link.js';
import { buildConsole } from '../../src/web/server.js';
import { countRows, seededDatabaseEachTest } from '../support/test-database.js';
import { ConsoleClient } from './console-client.js';

const root = path.resolve(import.meta.dirname, '..', '..');
// The Segrate plan is imported once for the file; each test gets its own copy of that database.
const t = seededDatabaseEachTest(async (db) => {
  await importPlan(db, (await readPlanFile(path.join(root, 'examples', 'segrate-pdo-2022.json'))).plan, { actor: 'test', reason: 'console test' });
});
let app: FastifyInstance;
let now: Date;

beforeEach(async () => {
  now = new Date('2022-07-20T08:00:00Z');
  app = await buildConsole({ db: t.db, clock: () => now, secret: 'a-test-secret-of-at-least-32-characters', redeemPerMinute: 5 });
});
afterEach(async () => {
  await app.close();
});

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: { DATABASE_URL: t.url, PERFBOT_CONSOLE_PORT: '4567' } });
  return { code, stdout, stderr };
}

/** Signs in through a fresh link: the link page, then its button. */
async function signIn(person: string): Promise<ConsoleClient> {
  const token = await createConsoleLink(t.db, 'segrate', person, now);
  const client = new ConsoleClient(app);
  expect((await client.get(`/accedi?t=${token}`)).statusCode).toBe(200);
  const response = await client.post('/accedi', { t: token });
  expect(response.statusCode).toBe(303);
  expect(response.headers.location).toBe('/cruscotto');
  return client;
}

describe('web console sign-in', () => {
  it('signs in with the link printed by perfbot console-link, with an HttpOnly SameSite signed cookie, and signs out', async () => {
    const printed = await cli('console-link', '--ente', 'segrate', '--person', 'admin-1');
    expect(printed.code).toBe(0);
    const match = /^http:\/\/127\.0\.0\.1:4567\/accedi\?t=([A-Za-z0-9_-]+)\n$/.exec(printed.stdout);
    expect(match).not.toBeNull();
    const client = new ConsoleClient(app);
    const linkPage = await client.get(`/accedi?t=${match![1]}`);
    expect(linkPage.body).toContain('Entra');
    now = new Date(now.getTime() + 14 * 60_000);
    const response = await client.post('/accedi', { t: match![1]! });
    expect(response.statusCode).toBe(303);
    const cookie = String(response.headers['set-cookie']).split(/,(?=\s*\w+=)/).find((c) => c.includes('perfbot_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const dashboard = await client.get('/cruscotto');
    expect(dashboard.statusCode).toBe(200);
    expect(dashboard.body).toContain('Amministratore');
    expect((await client.post('/esci', {})).statusCode).toBe(303);
    expect((await client.get('/cruscotto')).headers.location).toBe('/accedi');
  });

  it('refuses a reused link and an expired one (older than 15 minutes)', async () => {
    const token = await createConsoleLink(t.db, 'segrate', 'coord-1', now);
    const first = new ConsoleClient(app);
    await first.get(`/accedi?t=${token}`);
    expect((await first.post('/accedi', { t: token })).statusCode).toBe(303);
    const second = new ConsoleClient(app);
    await second.get(`/accedi?t=${token}`);
    const reused = await second.post('/accedi', { t: token });
    expect(reused.statusCode).toBe(403);
    expect(reused.body).toContain('già stato usato');
    expect(second.cookies.has('perfbot_session')).toBe(false);

    const old = await createConsoleLink(t.db, 'segrate', 'oiv-1', now);
    now = new Date(now.getTime() + 15 * 60_000 + 1000);
    const late = new ConsoleClient(app);
    await late.get(`/accedi?t=${old}`);
    expect((await late.post('/accedi', { t: old })).statusCode).toBe(403);
    expect((await late.get('/cruscotto')).statusCode).toBe(303);
  });

  it('gives no link to a person without an admin, coordinator or oiv role', async () => {
    const printed = await cli('console-link', '--ente', 'segrate', '--person', 'bellagamba-p');
    expect(printed.code).toBe(2);
    expect(printed.stderr).toContain('no admin, coordinator or oiv role');
    expect(await t.db.inviteCode.count({ where: { platform: 'console' } })).toBe(0);
  });

  it('rate-limits link redemption', async () => {
    const client = new ConsoleClient(app);
    const codes: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      await client.get('/accedi?t=x');
      codes.push((await client.post('/accedi', { t: `not-a-real-token-${i}-aaaaaaaaaaaa` })).statusCode);
    }
    expect(codes).toEqual([403, 403, 403, 403, 403, 429]);
  });

  it('refuses a form posted without its CSRF token, and a forged session cookie', async () => {
    const client = await signIn('admin-1');
    await client.get('/promemoria');
    const before = await loadReminderSettings(t.db, 'segrate');
    const response = await client.post('/promemoria', { modifica: 'ora 11:15' }, false);
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('Modulo non valido');
    expect(await loadReminderSettings(t.db, 'segrate')).toEqual(before);

    const forged = new ConsoleClient(app);
    forged.cookies.set('perfbot_session', encodeURIComponent(JSON.stringify({ e: 'segrate', p: 'admin-1', x: now.getTime() + 1e9 })));
    expect((await forged.get('/piano')).headers.location).toBe('/accedi');
  });

  it('refuses a coordinator on the administrator pages but shows the dashboard', async () => {
    const client = await signIn('coord-1');
    expect((await client.get('/cruscotto')).statusCode).toBe(200);
    const refused = await client.get('/promemoria');
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Accesso negato');
    expect((await client.get('/piano')).statusCode).toBe(403);
    await client.get('/cruscotto');
    expect((await client.post('/promemoria', { modifica: 'ora 11:15' })).statusCode).toBe(403);
    expect((await loadReminderSettings(t.db, 'segrate')).sendTime).not.toBe('11:15');
  });

  it('switches to English', async () => {
    const client = await signIn('oiv-1');
    const switched = await client.get('/lingua?l=en&torna=/cruscotto');
    expect(switched.headers.location).toBe('/cruscotto');
    expect((await client.get('/cruscotto')).body).toContain('Dashboard');
    expect((await client.get('/lingua?l=it&torna=//evil.example')).headers.location).toBe('/');
  });
});

describe('web console dashboard', () => {
  it('shows the same figures as perfbot report --format json at the chosen date', async () => {
    const client = await signIn('oiv-1');
    const page = (await client.get('/cruscotto?al=2022-07-31')).body;
    const report = reportSchema.parse(JSON.parse((await cli('report', '--ente', 'segrate', '--plan', 'pdo-2022', '--at', '2022-07-31', '--format', 'json')).stdout));
    expect(page).toContain(`data-field="overall" data-value="${report.pct ?? ''}" data-as-of="2022-07-31"`);
    for (const sector of report.sectors) {
      const section = page.slice(page.indexOf(`data-sector="${sector.code}"`));
      expect(section).toMatch(new RegExp(`^data-sector="${sector.code}">[\\s\\S]*?data-field="pct" data-value="${sector.pct ?? ''}"`));
      const own = section.slice(0, section.indexOf('</section>'));
      expect([...own.matchAll(/data-pending="([^"]+)" data-value="(\d+)"/g)].map((m) => ({ person: m[1], items: Number(m[2]) }))).toEqual(sector.pending);
      const late = report.objectives.filter((o) => o.sectors.includes(sector.code)).flatMap((o) => o.phases.filter((p) => p.overdue).map((p) => `${o.code}/${p.code}`));
      expect([...own.matchAll(/data-late="([^"]+)"/g)].map((m) => m[1])).toEqual(late);
    }
    expect(report.sectors.length).toBeGreaterThan(0);
  });
});

async function storedWorkbook(edit: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const snapshot = await loadPlanSnapshot(t.db, 'segrate', 'pdo-2022');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await writeStoredPlanWorkbook(snapshot)) as unknown as ArrayBuffer);
  edit(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('web console plan', () => {
  it('lists every mistake of an uploaded workbook with sheet, cell and value, and writes nothing', async () => {
    const client = await signIn('admin-1');
    await client.get('/piano');
    const before = await countRows(t.db);
    const bytes = await storedWorkbook((w) => {
      w.getWorksheet('Fasi')!.getCell('E2').value = 120;
      w.getWorksheet('Ruoli')!.getCell('A3').value = 'nessuno';
    });
    const response = await client.upload('/piano/carica', 'piano', 'piano.xlsx', bytes);
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('data-errors="2"');
    expect(response.body).toContain('piano.xlsx: Fasi!E2 (Peso): weight cannot exceed 100 (value: 120)');
    expect(response.body).toContain('piano.xlsx: Ruoli!A3 (Persona): unknown person (value: &quot;nessuno&quot;)');
    expect(await countRows(t.db)).toEqual(before);
  });

  it('previews an upload, writes nothing until Conferma, then imports it audited as the administrator', async () => {
    const client = await signIn('admin-1');
    await client.get('/piano');
    const bytes = await storedWorkbook((w) => {
      w.getWorksheet('Obiettivi')!.getCell('B2').value = 'Un titolo nuovo';
    });
    const preview = await client.upload('/piano/carica', 'piano', 'piano.xlsx', bytes);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('data-preview="0,1,0"');
    const objective = (await loadPlanSnapshot(t.db, 'segrate', 'pdo-2022')).objectives[0]!;
    expect(objective.title).not.toBe('Un titolo nuovo');
    const id = /name="caricamento" value="([^"]+)"/.exec(preview.body)![1]!;
    const confirmed = await client.post('/piano/conferma', { caricamento: id });
    expect(confirmed.statusCode).toBe(303);
    expect((await loadPlanSnapshot(t.db, 'segrate', 'pdo-2022')).objectives[0]!.title).toBe('Un titolo nuovo');
    expect(await t.db.auditLog.count({ where: { actor: 'admin-1', entity: 'Objective', action: 'update' } })).toBe(1);
    await client.get('/piano');
    expect((await client.post('/piano/conferma', { caricamento: id })).statusCode).toBe(410);
  });

  it('downloads the plan as JSON equal to perfbot export, and as a workbook', async () => {
    const client = await signIn('coord-1');
    const json = await client.get('/piano/scarica?formato=json');
    const exported = await cli('export', '--ente', 'segrate', '--plan', 'pdo-2022', '--format', 'json');
    expect(JSON.parse(json.body)).toEqual(JSON.parse(exported.stdout));
    const xlsx = await client.get('/piano/scarica?formato=xlsx');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('web console reminders', () => {
  it('changes a setting with the chat words, audited, and shows it in the 14-day preview', async () => {
    const client = await signIn('admin-1');
    await client.get('/promemoria?dal=2022-07-20');
    const saved = await client.post('/promemoria', { modifica: 'ora 10:45', dal: '2022-07-20' });
    expect(saved.statusCode).toBe(303);
    const page = (await client.get(saved.headers.location as string)).body;
    expect(page).toContain('ora 10:45');
    expect(page).toContain('data-time="10:45"');
    expect(await t.db.auditLog.count({ where: { actor: 'admin-1', entity: 'ReminderSettings' } })).toBe(1);
    const wrong = await client.post('/promemoria', { modifica: 'ora 25:00', dal: '2022-07-20' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Non è stato modificato nulla');
    expect((await loadReminderSettings(t.db, 'segrate')).sendTime).toBe('10:45');
  });
});

describe('web console people', () => {
  it('links a Slack id (audited), refuses a bad id and a coordinator, changing nothing', async () => {
    const client = await signIn('admin-1');
    await client.get('/persone');
    expect((await client.post('/persone/slack', { persona: 'bellagamba-p', slack: 'U0TEST42' })).headers.location).toBe('/persone?collegato=bellagamba-p');
    expect((await client.get('/persone?collegato=bellagamba-p')).body).toContain('data-account="slack:U0TEST42"');
    expect(await t.db.auditLog.count({ where: { actor: 'admin-1', entity: 'ChatIdentity', entityId: 'bellagamba-p/slack' } })).toBe(1);
    const bad = await client.post('/persone/slack', { persona: 'bellagamba-p', slack: 'not-an-id' });
    expect(bad.statusCode).toBe(400);
    const coordinator = await signIn('coord-1');
    await coordinator.get('/persone');
    expect((await coordinator.post('/persone/slack', { persona: 'bellagamba-p', slack: 'U0OTHER1' })).statusCode).toBe(403);
    const identity = await t.db.chatIdentity.findFirst({ where: { platform: 'slack', person: { code: 'bellagamba-p' } } });
    expect(identity?.externalId).toBe('U0TEST42');
  });
});
