/**
 * The console's Obiettivo, Cruscotto chart, Esporta and Persone pages in-process (fastify inject)
 * on a real database with answers: every figure against `perfbot report --format json`, downloads
 * against `perfbot export`, the OIV note, Telegram invitations, absences, and sector-scoped
 * coordinators on every page and download.
 */
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { saveAnswers } from '../../src/db/answer-store.js';
import { redeemInvite } from '../../src/db/identity-store.js';
import { loadPlanSnapshot } from '../../src/db/plan-repository.js';
import { buildReport } from '../../src/reports/report.js';
import { buildSectorDigest } from '../../src/reports/digest.js';
import { renderDigestChart } from '../../src/reports/digest-chart.js';
import { sectorTrend } from '../../src/reports/sector-trend.js';
import { reportSchema, type ReportObjective } from '../../src/reports/report-schema.js';
import { createConsoleLink } from '../../src/web/console-link.js';
import { buildConsole } from '../../src/web/server.js';
import { cliOn, importExportFixtures, reportJson } from '../support/report-export-fixture.js';
import { countRows, seededDatabaseEachTest } from '../support/test-database.js';
import { ConsoleClient } from './console-client.js';

// Both example plans with their answers, imported once for the file; each test gets its own copy.
const t = seededDatabaseEachTest(importExportFixtures);
let app: FastifyInstance;
let replanned: string[];
const now = new Date('2022-07-20T08:00:00Z');

beforeEach(async () => {
  replanned = [];
  app = await buildConsole({ db: t.db, clock: () => now, secret: 'a-test-secret-of-at-least-32-characters', telegramBot: 'perfbot_test_bot', settingsChanged: async (ente) => replanned.push(ente) });
});
afterEach(async () => {
  await app.close();
});

async function signIn(person: string): Promise<ConsoleClient> {
  const token = await createConsoleLink(t.db, 'segrate', person, now);
  const client = new ConsoleClient(app);
  await client.get(`/accedi?t=${token}`);
  expect((await client.post('/accedi', { t: token })).headers.location).toBe('/cruscotto');
  return client;
}

const attr = (value: number | boolean | string | null | undefined) => String(value ?? '');

/** Checks every figure the Obiettivo page shows against the report's objective. */
function expectSameFigures(page: string, objective: ReportObjective): void {
  for (const field of ['pct', 'computedPct', 'phasesPct', 'timelinessPct', 'status'] as const) {
    expect(page, `${objective.code} ${field}`).toContain(`data-field="${field}" data-value="${attr(objective[field])}"`);
  }
  const phases = [...page.matchAll(/data-phase="([^"]+)" data-planned="([^"]*)" data-actual="([^"]*)" data-gap="([^"]*)" data-days-late="([^"]*)"/g)].map((m) => m.slice(1));
  expect(phases).toEqual(objective.phases.map((p) => [p.code, attr(p.plannedPct), attr(p.actualPct), attr(p.gapPct), attr(p.daysLate)]));
  const indicators = [...page.matchAll(/data-indicator="([^"]+)" data-raw="([^"]*)" data-achievement="([^"]*)" data-deviation="([^"]*)" data-met="([^"]*)"/g)].map((m) => m.slice(1));
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&#39;');
  expect(indicators).toEqual(objective.indicators.map((i) => [i.code, escape(i.value?.raw ?? ''), attr(i.achievement), attr(i.deviation), attr(i.met)]));
}

describe('Obiettivo page', () => {
  it('shows for every objective the same figures as perfbot report --format json, at two dates', async () => {
    const client = await signIn('oiv-1');
    const cli = cliOn(t.url);
    for (const at of ['2022-07-31', '2022-12-31']) {
      const report = await reportJson(cli, 'segrate', 'pdo-2022', at);
      for (const objective of report.objectives) {
        const response = await client.get(`/obiettivo/${objective.code}?al=${at}`);
        expect(response.statusCode).toBe(200);
        expectSameFigures(response.body, objective);
      }
    }
  }, 180_000);

  it('shows the values per monitoring date with who and when, corrections struck through, and the audit rows', async () => {
    await saveAnswers(t.db, { ente: 'segrate', plan: 'pdo-2022', by: 'bossi-c', channel: 'telegram', on: '2022-08-02', answers: [{ kind: 'indicator', objective: 'AGSC-1', code: 'a', asOf: '2022-07-31', raw: '9', value: { kind: 'number', value: 9 }, status: 'measured' }] });
    const client = await signIn('admin-1');
    const page = (await client.get('/obiettivo/AGSC-1?al=2022-12-31')).body;
    expect(page).toMatch(/data-value-of="a@2022-07-31"><th scope="row">a<\/th><td>31\/07\/2022<\/td><td>9<\/td><td>Clara Bossi<\/td>/);
    expect(page).toMatch(/<tr class="superseded">[^]*?<s>8<\/s>/);
    expect(page).toMatch(/data-audit-row="Measurement"><td>[^<]+<\/td><td>Clara Bossi<\/td><td>supersede<\/td><td>pdo-2022\/AGSC-1\/a@2022-07-31<\/td>/);
    const report = buildReport(await loadPlanSnapshot(t.db, 'segrate', 'pdo-2022'), '2022-12-31');
    expectSameFigures(page, report.objectives.find((o) => o.code === 'AGSC-1')!);
  }, 60_000);

  it('lets the OIV add its note to a final assessment, audited; refuses others, an empty note and an objective not assessed', async () => {
    const oiv = await signIn('oiv-1');
    const before = await oiv.get('/obiettivo/AVV-1?al=2022-12-31');
    expect(before.body).toContain('coerente con i dati attesi');
    const saved = await oiv.post('/obiettivo/AVV-1/nota', { nota: 'Nota dal browser: dati verificati', al: '2022-12-31' });
    expect(saved.statusCode).toBe(303);
    expect((await oiv.get(saved.headers.location as string)).body).toContain('Nota dal browser: dati verificati');
    const snapshot = await loadPlanSnapshot(t.db, 'segrate', 'pdo-2022');
    expect(snapshot.assessments.find((a) => a.objective === 'AVV-1')?.oivNote).toBe('Nota dal browser: dati verificati');
    expect(await t.db.auditLog.count({ where: { actor: 'oiv-1', entity: 'Assessment', entityId: 'pdo-2022/AVV-1@2022-12-31' } })).toBe(1);

    const rows = await countRows(t.db);
    await oiv.get('/obiettivo/AVV-1');
    expect((await oiv.post('/obiettivo/AVV-1/nota', { nota: '   ' })).statusCode).toBe(400);
    expect((await oiv.post('/obiettivo/AGSC-1/nota', { nota: 'una nota' })).statusCode).toBe(409);
    const admin = await signIn('admin-1');
    await admin.get('/obiettivo/AVV-1');
    const refused = await admin.post('/obiettivo/AVV-1/nota', { nota: 'non mia' });
    expect(refused.statusCode).toBe(403);
    expect(await countRows(t.db)).toEqual(rows);
  }, 60_000);
});

describe('Cruscotto chart and links', () => {
  it('links every objective to its page and shows the digest chart of each sector, the same PNG as the digest', async () => {
    const client = await signIn('admin-1');
    const page = (await client.get('/cruscotto?al=2022-07-31')).body;
    const snapshot = await loadPlanSnapshot(t.db, 'segrate', 'pdo-2022');
    const report = buildReport(snapshot, '2022-07-31');
    for (const objective of report.objectives) expect(page).toContain(`href="/obiettivo/${objective.code}?al=2022-07-31"`);
    for (const sector of report.sectors) expect(page).toContain(`src="/cruscotto/grafico?settore=${sector.code}&amp;al=2022-07-31"`);
    const chart = await client.get('/cruscotto/grafico?settore=AGSC&al=2022-07-31');
    expect(chart.headers['content-type']).toBe('image/png');
    const expected = await renderDigestChart(buildSectorDigest(report, snapshot, 'AGSC'), 'it', sectorTrend(snapshot, 'AGSC', '2022-07-31'));
    expect(chart.rawPayload.equals(expected)).toBe(true);
  }, 120_000);
});

describe('Esporta', () => {
  it('downloads the report JSON, the open-data CSV and the Relazione equal to the CLI', async () => {
    const client = await signIn('coord-1');
    const cli = cliOn(t.url);
    const json = await client.get('/esporta/report?al=2022-12-31');
    expect(json.headers['content-disposition']).toContain('report-segrate-pdo-2022-2022-12-31.json');
    expect(reportSchema.parse(JSON.parse(json.body))).toEqual(await reportJson(cli, 'segrate', 'pdo-2022', '2022-12-31'));
    const csv = await client.get('/esporta/open-data?al=2022-12-31');
    expect(csv.body).toBe((await cli('export', '--ente', 'segrate', '--plan', 'pdo-2022', '--report', '--format', 'csv', '--at', '2022-12-31')).stdout);
    const xlsx = await client.get('/esporta/relazione?al=2022-12-31');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const report = buildReport(await loadPlanSnapshot(t.db, 'segrate', 'pdo-2022'), '2022-12-31');
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Riepilogo', ...report.sectors.map((s) => `Settore ${s.code}`), 'Indicatori', 'Fasi']);
    expect((await client.get('/esporta?al=2022-12-31')).body).toContain('href="/esporta/open-data?al=2022-12-31"');
  }, 120_000);
});

describe('sector-scoped coordinator', () => {
  it('sees only the STAFF sector on every page and in every download, with the same numbers as the whole report', async () => {
    const client = await signIn('coord-2');
    const full = await reportJson(cliOn(t.url), 'segrate', 'pdo-2022', '2022-07-31');
    const staff = full.objectives.filter((o) => o.sectors.includes('STAFF'));
    const dashboard = (await client.get('/cruscotto?al=2022-07-31')).body;
    expect([...dashboard.matchAll(/data-sector="([^"]+)"/g)].map((m) => m[1])).toEqual(['STAFF']);
    expect(dashboard).not.toContain('data-field="overall"');
    expect(dashboard).toContain(`data-field="pct" data-value="${attr(full.sectors.find((s) => s.code === 'STAFF')!.pct)}"`);
    expect([...dashboard.matchAll(/data-objective="([^"]+)"/g)].map((m) => m[1])).toEqual(staff.map((o) => o.code));
    expect(staff.map((o) => o.code)).toContain('INT-1');

    expect((await client.get('/obiettivo/AGSC-1?al=2022-07-31')).statusCode).toBe(404);
    expectSameFigures((await client.get('/obiettivo/STAFF-1?al=2022-07-31')).body, staff.find((o) => o.code === 'STAFF-1')!);
    expectSameFigures((await client.get('/obiettivo/INT-1?al=2022-07-31')).body, staff.find((o) => o.code === 'INT-1')!);
    expect((await client.get('/cruscotto/grafico?settore=AGSC&al=2022-07-31')).statusCode).toBe(404);

    const json = reportSchema.parse(JSON.parse((await client.get('/esporta/report?al=2022-07-31')).body));
    expect(json.sectors).toEqual(full.sectors.filter((s) => s.code === 'STAFF'));
    expect(json.objectives).toEqual(staff);
    const csvObjectives = new Set((await client.get('/esporta/open-data?al=2022-07-31')).body.trim().split('\n').slice(1).map((line) => line.split(',')[4]));
    expect([...csvObjectives].sort()).toEqual(staff.filter((o) => o.indicators.length > 0).map((o) => o.code).sort());
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await client.get('/esporta/relazione?al=2022-07-31')).rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Riepilogo', 'Settore STAFF', 'Indicatori', 'Fasi']);
    expect((await client.get('/piano/scarica?formato=json')).statusCode).toBe(403);

    const people = (await client.get('/persone')).body;
    expect(people).toContain('data-person="cavallo-p"');
    expect(people).toContain('data-person="zordan-f"');
    expect(people).not.toContain('data-person="bossi-c"');
  }, 120_000);

  it('sees the whole ente as an ente-wide coordinator', async () => {
    const client = await signIn('coord-1');
    const dashboard = (await client.get('/cruscotto?al=2022-07-31')).body;
    expect([...dashboard.matchAll(/data-sector="([^"]+)"/g)].map((m) => m[1])).toEqual(['AGSC', 'AVV', 'SAPS', 'STAFF', 'TSE']);
    expect(dashboard).toContain('data-field="overall"');
  }, 60_000);
});

describe('Persone: Telegram invitation and absences', () => {
  it('makes a one-time t.me invitation with a QR code that links the account when opened; a coordinator cannot', async () => {
    const admin = await signIn('admin-1');
    await admin.get('/persone');
    const response = await admin.post('/persone/telegram', { persona: 'bossi-c' });
    expect(response.statusCode).toBe(200);
    const link = /data-invite-link>(https:\/\/t\.me\/perfbot_test_bot\?start=([A-Za-z0-9_-]+))</.exec(response.body);
    expect(link).not.toBeNull();
    expect(response.body).toMatch(/<div class="qr" role="img" aria-label="[^"]+bossi-c"><svg [^>]*viewBox/);
    expect(await t.db.auditLog.count({ where: { actor: 'admin-1', action: 'invite', entityId: 'bossi-c/telegram' } })).toBe(1);
    expect((await redeemInvite(t.db, link![2]!, 'telegram', '424242', now))?.code).toBe('bossi-c');
    expect((await admin.post('/persone/telegram', { persona: 'nessuno' })).statusCode).toBe(400);

    const coordinator = await signIn('coord-1');
    await coordinator.get('/persone');
    expect((await coordinator.post('/persone/telegram', { persona: 'calvano-a' })).statusCode).toBe(403);
    expect(await t.db.inviteCode.count({ where: { platform: 'telegram' } })).toBe(1);
  }, 60_000);

  it('adds an absence with a deputy and ends it, audited and re-planned; refuses what the plan file would refuse', async () => {
    const admin = await signIn('admin-1');
    await admin.get('/persone');
    const rows = await countRows(t.db);
    for (const [fields, message] of [
      [{ persona: 'bossi-c', dal: '2022-08-05', al: '2022-08-01', sostituto: 'calvano-a' }, 'La data di inizio è dopo quella di fine'],
      [{ persona: 'bossi-c', dal: '2022-08-01', al: '2022-08-05', sostituto: 'bossi-c' }, 'non può sostituire sé stessa'],
      [{ persona: 'bossi-c', dal: '2022-02-30', al: '2022-03-05', sostituto: '' }, 'giorni del calendario'],
      [{ persona: 'bossi-c', dal: '2022-08-01', al: '2022-08-05', sostituto: 'nessuno' }, 'Il sostituto non esiste'],
    ] as const) {
      const refused = await admin.post('/persone/assenza', fields);
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain(message);
    }
    expect(await countRows(t.db)).toEqual(rows);
    expect(replanned).toEqual([]);

    expect((await admin.post('/persone/assenza', { persona: 'bossi-c', dal: '2022-07-10', al: '2022-08-05', sostituto: 'calvano-a' })).headers.location).toBe('/persone?assenza=nuova');
    expect((await admin.post('/persone/assenza', { persona: 'gerli-m', dal: '2022-09-01', al: '2022-09-10', sostituto: '' })).statusCode).toBe(303);
    expect(replanned).toEqual(['segrate', 'segrate']);
    const bossi = (await loadPlanSnapshot(t.db, 'segrate', 'pdo-2022')).people.find((p) => p.code === 'bossi-c')!;
    expect(bossi.absences).toEqual([{ from: '2022-07-10', to: '2022-08-05', deputy: 'calvano-a' }]);
    const page = (await admin.get('/persone?assenza=nuova')).body;
    expect(page).toContain('data-absence="bossi-c/2022-07-10..2022-08-05"');
    expect(page).toContain('data-absence="gerli-m/2022-09-01..2022-09-10"');

    const ids = await t.db.absence.findMany({ orderBy: { fromDate: 'asc' } });
    expect((await admin.post('/persone/assenza/fine', { assenza: String(ids[0]!.id) })).headers.location).toBe('/persone?assenza=fine');
    expect((await admin.post('/persone/assenza/fine', { assenza: String(ids[1]!.id) })).statusCode).toBe(303);
    expect(await t.db.absence.findMany({ select: { fromDate: true, toDate: true } })).toEqual([{ fromDate: '2022-07-10', toDate: '2022-07-19' }]);
    const audit = await t.db.auditLog.findMany({ where: { actor: 'admin-1', entity: 'Absence' }, orderBy: { id: 'asc' }, select: { action: true, entityId: true } });
    expect(audit).toEqual([
      { action: 'create', entityId: 'bossi-c/2022-07-10..2022-08-05' },
      { action: 'create', entityId: 'gerli-m/2022-09-01..2022-09-10' },
      { action: 'update', entityId: 'bossi-c/2022-07-10..2022-08-05' },
      { action: 'retire', entityId: 'gerli-m/2022-09-01..2022-09-10' },
    ]);
    expect((await admin.post('/persone/assenza/fine', { assenza: String(ids[0]!.id) })).statusCode).toBe(400);

    const coordinator = await signIn('coord-1');
    await coordinator.get('/persone');
    expect((await coordinator.post('/persone/assenza', { persona: 'bossi-c', dal: '2022-08-01', al: '2022-08-02' })).statusCode).toBe(403);
  }, 60_000);
});
