/**
 * Erasure of one person (GDPR right to erasure), keeping the plan's history intact: every value,
 * progress and assessment they reported stays, but the person becomes a pseudonym — a new code and
 * name, no e-mail, chat accounts replaced by the pseudonym and marked unreachable — everywhere the
 * code was written (reports, reminders, audit, the reminder settings) and wherever their code or name
 * appears in a note. Their check-in in progress and invitations are
 * deleted. One transaction, audited with the administrator and the pseudonym, not the old name.
 */
import { randomBytes } from 'node:crypto';
import type { Db, Tx } from './database.js';
import { PlanNotFoundError } from './plan-repository.js';
import { PERSON_AUDIT_ENTITIES, mentionsPerson, replacePerson, replacePersonInFields, replacePersonInText } from './person-mentions.js';

export interface ErasureResult {
  pseudonym: string;
  /** how many stored rows now carry the pseudonym instead of the code */
  rewritten: number;
}

/** Replaces name / e-mail fields of an audited Person value with the pseudonym. */
function scrub(value: unknown, pseudonym: string): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  if ('name' in copy) copy.name = pseudonym;
  if ('email' in copy) copy.email = null;
  if ('code' in copy) copy.code = pseudonym;
  return copy;
}

interface Named {
  code: string;
  name: string;
}

async function rewriteAudit(tx: Tx, enteId: number, person: Named, pseudonym: string): Promise<number> {
  const code = person.code;
  let rewritten = 0;
  for (const row of await tx.auditLog.findMany({ where: { enteId } })) {
    const own = row.entity === 'Person' && row.entityId === code;
    let rewrite: (value: unknown) => unknown;
    if (PERSON_AUDIT_ENTITIES.includes(row.entity)) {
      if (!own && !mentionsPerson(row.oldValue, code) && !mentionsPerson(row.newValue, code)) continue;
      rewrite = (value) => {
        const replaced = replacePerson(value, code, pseudonym);
        return (own ? scrub(replaced, pseudonym) : replaced) ?? undefined;
      };
    } else rewrite = (value) => replacePersonInFields(value, person, pseudonym) ?? undefined;
    const oldValue = rewrite(row.oldValue);
    const newValue = rewrite(row.newValue);
    const reason = row.reason === null ? null : replacePersonInText(row.reason, person, pseudonym);
    const entityId = own ? pseudonym : row.entityId;
    if (JSON.stringify([oldValue, newValue, reason, entityId]) === JSON.stringify([row.oldValue ?? undefined, row.newValue ?? undefined, row.reason, row.entityId])) continue;
    await tx.auditLog.update({ where: { id: row.id }, data: { entityId, oldValue: oldValue as never, newValue: newValue as never, reason } });
    rewritten += 1;
  }
  const actor = await tx.auditLog.updateMany({ where: { enteId, actor: code }, data: { actor: pseudonym } });
  return rewritten + actor.count;
}

/** Notes (values, progress, assessments, the OIV's) of the ente that name the person, rewritten; resolves to how many. */
async function rewriteNotes(tx: Tx, enteId: number, person: Named, pseudonym: string): Promise<number> {
  const inEnte = { objective: { plan: { enteId } } };
  const withNote = { note: { not: null } };
  let rewritten = 0;
  const changed = (text: string | null) => (text === null ? null : replacePersonInText(text, person, pseudonym));
  for (const row of await tx.measurement.findMany({ where: { ...withNote, indicator: inEnte }, select: { id: true, note: true } })) {
    if (changed(row.note) === row.note) continue;
    await tx.measurement.update({ where: { id: row.id }, data: { note: changed(row.note) } });
    rewritten += 1;
  }
  for (const row of await tx.phaseProgress.findMany({ where: { ...withNote, phase: inEnte }, select: { id: true, note: true } })) {
    if (changed(row.note) === row.note) continue;
    await tx.phaseProgress.update({ where: { id: row.id }, data: { note: changed(row.note) } });
    rewritten += 1;
  }
  for (const row of await tx.assessment.findMany({ where: { OR: [withNote, { oivNote: { not: null } }], objective: { plan: { enteId } } }, select: { id: true, note: true, oivNote: true } })) {
    if (changed(row.note) === row.note && changed(row.oivNote) === row.oivNote) continue;
    await tx.assessment.update({ where: { id: row.id }, data: { note: changed(row.note), oivNote: changed(row.oivNote) } });
    rewritten += 1;
  }
  return rewritten;
}

/** Erases `personCode` of `enteCode` as described above; `admin` is recorded as the actor. */
export async function erasePerson(db: Db, enteCode: string, personCode: string, admin: string, now: Date): Promise<ErasureResult> {
  const pseudonym = `anon-${randomBytes(4).toString('hex')}`;
  return db.$transaction(async (tx) => {
    const ente = await tx.ente.findUnique({ where: { code: enteCode } });
    if (!ente) throw new PlanNotFoundError(enteCode);
    const person = await tx.person.findUnique({ where: { enteId_code: { enteId: ente.id, code: personCode } }, include: { identities: true } });
    if (!person) throw new PlanNotFoundError(enteCode, undefined, personCode);
    const inEnte = { objective: { plan: { enteId: ente.id } } };
    let rewritten = 0;
    const count = async (work: Promise<{ count: number }>) => (rewritten += (await work).count);
    await tx.person.update({ where: { id: person.id }, data: { code: pseudonym, name: pseudonym, email: null } });
    for (const identity of person.identities) {
      await tx.chatIdentity.update({ where: { id: identity.id }, data: { externalId: `erased:${pseudonym}`, unreachable: true, unreachableReason: 'erased', unreachableAt: now } });
    }
    await tx.conversation.deleteMany({ where: { personId: person.id } });
    await tx.inviteCode.deleteMany({ where: { personId: person.id } });
    await count(tx.measurement.updateMany({ where: { byCode: personCode, indicator: inEnte }, data: { byCode: pseudonym } }));
    await count(tx.measurement.updateMany({ where: { onBehalfOf: personCode, indicator: inEnte }, data: { onBehalfOf: pseudonym } }));
    await count(tx.phaseProgress.updateMany({ where: { byCode: personCode, phase: inEnte }, data: { byCode: pseudonym } }));
    await count(tx.phaseProgress.updateMany({ where: { onBehalfOf: personCode, phase: inEnte }, data: { onBehalfOf: pseudonym } }));
    await count(tx.assessment.updateMany({ where: { byCode: personCode, objective: { plan: { enteId: ente.id } } }, data: { byCode: pseudonym } }));
    await count(tx.reminder.updateMany({ where: { enteId: ente.id, recipient: personCode }, data: { recipient: pseudonym } }));
    await count(tx.reminder.updateMany({ where: { enteId: ente.id, onBehalfOf: personCode }, data: { onBehalfOf: pseudonym } }));
    // pending reminders to someone who is gone are not sent
    await tx.reminder.updateMany({ where: { enteId: ente.id, recipient: pseudonym, state: 'pending' }, data: { state: 'cancelled' } });
    if (ente.settings !== null) {
      const settings = replacePersonInFields(ente.settings, person, pseudonym);
      if (JSON.stringify(settings) !== JSON.stringify(ente.settings)) {
        await tx.ente.update({ where: { id: ente.id }, data: { settings: settings as never } });
        rewritten += 1;
      }
    }
    rewritten += await rewriteNotes(tx, ente.id, person, pseudonym);
    rewritten += await rewriteAudit(tx, ente.id, person, pseudonym);
    await tx.auditLog.create({ data: { enteId: ente.id, at: now, actor: admin, action: 'erase', entity: 'Person', entityId: pseudonym, oldValue: undefined, newValue: { code: pseudonym, chatAccounts: person.identities.length }, reason: 'erasure of personal data (GDPR art. 17)' } });
    return { pseudonym, rewritten };
  });
}
