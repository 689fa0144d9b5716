/**
 * `stato SETTORE` in chat: coordinators of the sector, ente-wide coordinators, the dirigente, the
 * OIV and administrators read a sector's digest on demand; others are told why not, and an
 * unknown sector gets the list of readable ones.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPlanFile } from '../../src/plan-file/read.js';
import { importPlan } from '../../src/db/plan-import.js';
import { CheckinEngine } from '../../src/conversations/checkin-engine.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { chatWith } from '../support/engine-chat.js';

const plan = path.resolve(import.meta.dirname, '..', 'fixtures', 'assessment-plan.yaml');
const USERS = { verdi: '111111111', rossi: '333333333', oiv: '555555555', coordEnte: '666666666', coordRu: '777777777' };
let t: TestDatabase;
let engine: CheckinEngine;

beforeAll(async () => {
  t = await createTestDatabase();
  await importPlan(t.db, (await readPlanFile(plan)).plan, { actor: 'test', reason: 'test' });
  engine = new CheckinEngine(t.db, () => new Date('2023-01-10T09:00:00Z'));
});
afterAll(async () => {
  await t.drop();
});

const say = (userId: string, text: string) => chatWith(engine, userId)('text', text);

describe('stato SETTORE', () => {
  it("gives a sector's coordinator that sector's digest and nothing else", async () => {
    const digest = await say(USERS.coordRu, 'stato RU');
    expect(digest).toContain('*Settore RU — Settore Risorse Umane* · Dirigente: Dario Rossi · Stato al 31/12/2022');
    expect(digest).toContain('*RU-1* Reclutamento telematico');
    expect(digest).toContain('*RU-2* Formazione obbligatoria');
    expect(digest).toContain('• b Candidature ricevute: atteso almeno 200 · ultimo 100 (31/12/2022, Anna Verdi)');
    expect(digest).not.toContain('SF-1');
    expect(await say(USERS.coordRu, 'stato SF')).toContain('Lo stato del settore SF è riservato');
  });

  it('lets ente-wide coordinators, the OIV and the dirigente read their sectors, case-insensitively', async () => {
    expect(await say(USERS.coordEnte, 'stato sf')).toContain('*Settore SF — Settore Finanziario*');
    expect(await say(USERS.oiv, 'stato SF')).toContain('*SF-1* Tempi di pagamento');
    expect(await say(USERS.rossi, 'stato RU')).toContain('*Settore RU — Settore Risorse Umane*');
  });

  it('refuses a responsible who is not the dirigente, and names the readable sectors for an unknown one', async () => {
    expect(await say(USERS.verdi, 'stato RU')).toContain('Lo stato del settore RU è riservato');
    expect(await say(USERS.coordRu, 'stato XYZ')).toContain('Non trovo il settore «XYZ». Settori che puoi consultare: RU.');
    // SF-1 belongs to the service SF-TRIB inside SF: the sector is SF, as in the report and the weekly digest.
    expect(await say(USERS.coordEnte, 'stato SF-TRIB')).toContain('Non trovo il settore «SF-TRIB». Settori che puoi consultare: RU, SF.');
    expect(await say(USERS.rossi, 'stato SF')).toContain('*SF-1* Tempi di pagamento');
  });

  it('"stato ente" gives the ente-wide summary to ente-wide coordinators and the OIV only', async () => {
    const summary = await say(USERS.coordEnte, 'stato ente');
    expect(summary).toContain("*Comune di Borgo Fine — riepilogo dell'ente* · Stato al 31/12/2022");
    expect(summary).toContain('*RU* Settore Risorse Umane · Dirigente: Dario Rossi');
    expect(summary).toContain('*SF* Settore Finanziario');
    expect(await say(USERS.oiv, 'stato tutti')).toContain("riepilogo dell'ente");
    expect(await say(USERS.coordRu, 'stato ente')).toContain("Il riepilogo dell'ente è riservato");
  });

  it('plain "stato" tells a coordinator which sectors they can read', async () => {
    const plain = await say(USERS.coordEnte, 'stato');
    expect(plain).toContain('Puoi leggere lo stato dei settori RU, SF: scrivi «stato SETTORE» (es. «stato RU»).');
    expect(plain).toContain('«stato ente»');
    expect(await say(USERS.coordRu, 'stato')).not.toContain('«stato ente»');
    expect(await say(USERS.verdi, 'stato')).not.toContain('Puoi leggere lo stato dei settori');
  });
});
