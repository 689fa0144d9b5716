import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readPlanFile } from '../../src/plan-file/read.js';
import { importPlan } from '../../src/db/plan-import.js';
import { CheckinEngine } from '../../src/conversations/checkin-engine.js';
import { closeCheckpoint } from '../../src/db/answer-store.js';
import { createInvite } from '../../src/db/identity-store.js';
import type { ChatEvent } from '../../src/chat/port.js';
import { countRows, createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { chatWith } from '../support/engine-chat.js';

const plan = path.resolve(import.meta.dirname, '..', 'fixtures', 'checkin-plan.yaml');
const AUG_2 = new Date('2022-08-02T07:30:00Z');
let t: TestDatabase;

beforeEach(async () => {
  t = await createTestDatabase();
  await importPlan(t.db, (await readPlanFile(plan)).plan, { actor: 'test', reason: 'test' });
});
afterEach(async () => {
  await t.drop();
});

const chat = (engine: CheckinEngine, userId = '111111111') => chatWith(engine, userId);

async function current(db: TestDatabase['db']) {
  const rows = await db.measurement.findMany({ where: { supersededAt: null }, include: { indicator: true }, orderBy: { id: 'asc' } });
  const progress = await db.phaseProgress.findMany({ where: { supersededAt: null }, include: { phase: true }, orderBy: { id: 'asc' } });
  return {
    measurements: rows.map((m) => [m.indicator.code, m.asOf, m.raw, m.status, m.byCode, m.onBehalfOf, m.channel]),
    progress: progress.map((p) => [p.phase.code, p.asOf, p.pct, p.byCode, p.channel]),
  };
}

describe('check-in engine', () => {
  it('asks one question at a time, rejects invalid answers with an example, and saves on Conferma', async () => {
    const say = chat(new CheckinEngine(t.db, () => AUG_2));
    const first = await say('command', '', { command: 'rispondi' });
    expect(first).toContain('ci sono 5 domande per te (valori al 31/07/2022)');
    expect(first).toContain('*RU-1 — Reclutamento telematico* (1/5)');
    expect(first).toContain('Fase 1: Analisi dei processi');
    expect(first).toContain('Pianificato al 31/07/2022: 100%');
    expect(await say('text', 'quasi finito')).toContain('Non riesco a leggere «quasi finito» come numero. Scrivi solo il valore, es. 60.');
    expect(await say('text', '120')).toContain('fuori scala');
    expect(await say('text', '100')).toContain('Fase 2: Attivazione piattaforma');
    expect(await say('text', '30')).toContain('Indicatore a: Procedure gestite online');
    const invalid = await say('text', 'tante');
    expect(invalid).toContain('Non riesco a leggere «tante» come numero. Scrivi solo il valore, es. 42,5%.');
    expect(invalid).toContain('Target: ≥ 95%');
    expect(await say('text', '42,5%')).toContain('Indicatore b: Candidature ricevute');
    expect(await say('text', '2.700')).toContain('Indicatore c: Regolamento approvato');
    expect(await say('text', 'forse')).toContain('Rispondi sì o no');
    const summary = await say('choice', 'ans:Sì');
    expect(summary).toContain('*Riepilogo da confermare*');
    expect(summary).toContain('• RU-1 fase 1: 100%');
    expect(summary).toContain('• RU-1 ind. a: 42,5%');
    expect(summary).toContain('• RU-1 ind. b: 2.700');
    expect(summary).toContain('• RU-1 ind. c: Sì');
    expect(await countRows(t.db).then((c) => c.measurement + c.phaseProgress)).toBe(0);
    expect(await say('choice', 'ctl:confirm')).toContain('Salvato ✔ (5 risposte)');
    expect(await current(t.db)).toEqual({
      measurements: [
        ['a', '2022-07-31', '42,5%', 'measured', 'verdi-a', null, 'telegram'],
        ['b', '2022-07-31', '2.700', 'measured', 'verdi-a', null, 'telegram'],
        ['c', '2022-07-31', 'Sì', 'measured', 'verdi-a', null, 'telegram'],
      ],
      progress: [
        ['1', '2022-07-31', 100, 'verdi-a', 'telegram'],
        ['2', '2022-07-31', 30, 'verdi-a', 'telegram'],
      ],
    });
    const parsed = await t.db.measurement.findFirst({ where: { raw: '2.700' } });
    expect(parsed?.parsed).toEqual({ kind: 'number', value: 2700 });
    expect(await say('command', '', { command: 'rispondi' })).toContain('Non hai nulla in sospeso');
  });

  it('accepts statuses with a reason, postpones with «dopo» and leaves skipped items pending', async () => {
    const say = chat(new CheckinEngine(t.db, () => AUG_2));
    await say('command', '', { command: 'rispondi' });
    await say('text', '100');
    expect(await say('text', 'dopo')).toContain('te la richiedo alla fine');
    expect(await say('text', 'non rilevabile: piattaforma non ancora attiva')).toContain('Indicatore b');
    await say('text', 'salta');
    await say('text', 'a consuntivo');
    // The postponed phase 2 comes back last.
    expect(await say('text', 'no')).toContain('Fase 2: Attivazione piattaforma');
    const summary = await say('text', 'salta');
    expect(summary).toContain('• RU-1 ind. a: non rilevabile (piattaforma non ancora attiva)');
    expect(summary).toContain('• RU-1 ind. b: saltata');
    expect(summary).toContain('• RU-1 ind. c: rilevabile a consuntivo');
    await say('choice', 'ctl:confirm');
    const rows = await t.db.measurement.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.raw, r.status, r.note])).toEqual([
      ['non rilevabile: piattaforma non ancora attiva', 'not_measurable', 'piattaforma non ancora attiva'],
      ['a consuntivo', 'year_end_only', null],
    ]);
    const status = await say('command', '', { command: 'stato' });
    expect(status).toContain('Per il 31/07/2022: 2 in sospeso (RU-1 fase 2, RU-1 ind. b)');
  });

  it('resumes at the same question after a restart of the bot', async () => {
    const before = chat(new CheckinEngine(t.db, () => AUG_2));
    await before('command', '', { command: 'rispondi' });
    await before('text', '100');
    // A new engine on a new database client: nothing kept in memory.
    const db = t.open();
    try {
      const after = chat(new CheckinEngine(db, () => AUG_2));
      const reply = await after('text', '60');
      expect(reply).toContain('Indicatore a: Procedure gestite online');
      expect(reply).toContain('(3/5)');
    } finally {
      await db.$disconnect();
    }
  });

  it('handles a repeated delivery once', async () => {
    const engine = new CheckinEngine(t.db, () => AUG_2);
    const event = (text: string, deliveryId: string): ChatEvent => ({ platform: 'telegram', userId: '111111111', chatId: '111111111', kind: 'text', text, deliveryId });
    await engine.handle({ ...event('', 'start-1'), kind: 'command', command: 'rispondi' });
    expect((await engine.handle(event('100', 'u-1'))).length).toBeGreaterThan(0);
    expect(await engine.handle(event('100', 'u-1'))).toEqual([]);
    // The duplicate did not answer the second question.
    const reply = (await engine.handle(event('70', 'u-2'))).map((m) => m.text).join('\n');
    expect(reply).toContain('Indicatore a');
  });

  it('lets a person correct a saved answer, keeping the old value and who changed it', async () => {
    const say = chat(new CheckinEngine(t.db, () => AUG_2));
    await say('command', '', { command: 'rispondi' });
    for (const answer of ['100', '30', '42,5%', '250', 'sì']) await say('text', answer);
    await say('choice', 'ctl:confirm');
    const choose = await say('command', '', { command: 'modifica' });
    expect(choose).toContain('Quale risposta vuoi modificare?');
    const engine = new CheckinEngine(t.db, () => AUG_2);
    const replies = await engine.handle({ platform: 'telegram', userId: '111111111', chatId: '111111111', kind: 'command', command: 'modifica', text: '', deliveryId: 'x1' });
    const choice = replies[0]!.choices!.flat().find((c) => c.label.includes('ind. a'))!;
    expect(await say('choice', choice.value)).toContain('Indicatore a');
    expect(await say('text', '45%')).toContain('• RU-1 ind. a: 45%');
    expect(await say('choice', 'ctl:confirm')).toContain('Salvato ✔ (1 risposta)');
    const history = await t.db.measurement.findMany({ where: { indicator: { code: 'a', objective: { code: 'RU-1' } } }, orderBy: { id: 'asc' } });
    expect(history.map((m) => [m.raw, m.supersededAt !== null])).toEqual([
      ['42,5%', true],
      ['45%', false],
    ]);
    const audit = await t.db.auditLog.findFirst({ where: { entity: 'Measurement', action: 'supersede' } });
    expect(audit).toMatchObject({ actor: 'verdi-a', oldValue: { raw: '42,5%' }, newValue: { raw: '45%', channel: 'telegram' } });
  });

  it('refuses to change an answer once the checkpoint is closed', async () => {
    const say = chat(new CheckinEngine(t.db, () => AUG_2));
    await say('command', '', { command: 'rispondi' });
    for (const answer of ['100', '30', '42,5%', '250', 'sì']) await say('text', answer);
    await say('choice', 'ctl:confirm');
    await closeCheckpoint(t.db, 'borgo-chat', 'pp-2022', '2022-07-31', 'admin-1');
    expect(await say('command', '', { command: 'modifica' })).toContain('Non ci sono risposte modificabili');
  });

  it('saves nothing when the checkpoint was closed between the summary and Conferma', async () => {
    const say = chat(new CheckinEngine(t.db, () => AUG_2));
    await say('command', '', { command: 'rispondi' });
    for (const answer of ['100', '30', '42,5%', '250', 'sì']) await say('text', answer);
    await closeCheckpoint(t.db, 'borgo-chat', 'pp-2022', '2022-07-31', 'admin-1');
    expect(await say('choice', 'ctl:confirm')).toContain('è stato chiuso');
    expect(await countRows(t.db).then((c) => c.measurement + c.phaseProgress)).toBe(0);
  });

  it('records a deputy answering for an absent colleague', async () => {
    const say = chat(new CheckinEngine(t.db, () => new Date('2022-08-12T07:30:00Z')), '222222222');
    const intro = await say('command', '', { command: 'rispondi' });
    expect(intro).toContain('Rispondi anche per conto di Anna Verdi, assente.');
    // Bruno's own RU-2 indicator and Anna's five items.
    expect(intro).toContain('ci sono 6 domande');
    for (const answer of ['100', '30', '42,5%', '250', 'sì']) await say('text', answer);
    await say('choice', 'ctl:confirm');
    const row = await t.db.measurement.findFirst({ where: { raw: '42,5%' } });
    expect(row).toMatchObject({ byCode: 'neri-b', onBehalfOf: 'verdi-a' });
  });

  it('answers an unknown person politely and stores nothing', async () => {
    const before = await countRows(t.db);
    const reply = await chat(new CheckinEngine(t.db, () => AUG_2), '999999999')('text', 'ciao');
    expect(reply).toContain('Non ti trovo tra le persone del piano');
    expect(reply).toContain('I cannot find you');
    const after = await countRows(t.db);
    expect({ ...after, auditLog: before.auditLog }).toEqual(before);
    expect(await t.db.conversation.count()).toBe(0);
  });

  it('links a Telegram account with a one-time invitation code', async () => {
    const code = await createInvite(t.db, 'borgo-chat', 'rossi-d', 'telegram');
    const engine = new CheckinEngine(t.db, () => AUG_2);
    const say = chat(engine, '555555555');
    expect(await say('command', code, { command: 'start' })).toContain('Benvenuto, Dario Rossi!');
    expect(await chat(engine, '666666666')('command', code, { command: 'start' })).toContain('non è valido o è già stato usato');
    const identity = await t.db.chatIdentity.findFirst({ where: { platform: 'telegram', person: { code: 'rossi-d' } } });
    expect(identity?.externalId).toBe('555555555');
  });

  it('switches language with «lingua en»', async () => {
    const say = chat(new CheckinEngine(t.db, () => AUG_2));
    expect(await say('text', 'lingua en')).toBe('Language set: English.');
    expect(await say('text', 'rispondi')).toContain('there are 5 questions for you (values as at 2 Aug 2022)'.replace('2 Aug 2022', '31 Jul 2022'));
  });
});

describe('/perfbot admin', () => {
  it('refuses a non-admin and changes nothing', async () => {
    const before = await t.db.ente.findFirstOrThrow();
    const audit = await t.db.auditLog.count();
    const reply = await chat(new CheckinEngine(t.db, () => AUG_2))('command', 'ora 10:00', { command: 'admin' });
    expect(reply).toBe('Non sei autorizzato: solo gli amministratori possono cambiare i promemoria. Nulla è stato modificato.');
    expect((await t.db.ente.findFirstOrThrow()).settings).toEqual(before.settings);
    expect(await t.db.auditLog.count()).toBe(audit);
  });

  it('lets an administrator change the reminders, audited, and asks for a re-plan', async () => {
    const replanned: string[] = [];
    const engine = new CheckinEngine(t.db, () => AUG_2, { settingsChanged: async (ente) => replanned.push(ente) });
    const admin = chat(engine, '444444444');
    expect(await admin('command', '', { command: 'admin' })).toContain('ora 09:30');
    expect(await admin('command', 'ora 25:00', { command: 'admin' })).toContain('Impostazione non valida, nulla è stato modificato: ora: serve un orario HH:MM, es. 09:30');
    expect(await admin('text', 'admin ora 10:15')).toContain('Impostazione salvata ✔');
    expect(await admin('command', 'pausa verdi-a', { command: 'admin' })).toContain('in pausa verdi-a');
    const ente = await t.db.ente.findFirstOrThrow();
    expect(ente.settings).toMatchObject({ sendTime: '10:15', pausedPeople: ['verdi-a'] });
    const audit = await t.db.auditLog.findMany({ where: { entity: 'ReminderSettings' }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => [a.actor, a.oldValue, a.newValue])).toEqual([
      ['admin-1', { sendTime: '09:30' }, { sendTime: '10:15' }],
      ['admin-1', { pausedPeople: [] }, { pausedPeople: ['verdi-a'] }],
    ]);
    expect(replanned).toEqual(['borgo-chat', 'borgo-chat']);
  });
});
