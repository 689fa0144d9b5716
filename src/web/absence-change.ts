/**
 * Absences added and ended by an administrator in the console. The rules are the plan file's
 * (references.ts): real calendar dates, `from` not after `to`, a deputy who is another person of
 * the ente. Each write carries an audit row like an import's (entity Absence, label
 * `person/from..to`), which also tells the plan snapshot cache that the plan changed.
 */
import type { Db } from '../db/database.js';
import { addDays } from '../domain/calendar-date.js';
import { isIsoDate } from './query-date.js';

export type AbsenceProblem = 'person' | 'dates' | 'order' | 'deputy' | 'ownDeputy' | 'exists' | 'unknown' | 'over';

export interface AbsenceInput {
  person: string;
  from: string;
  to: string;
  deputy?: string;
}

const label = (person: string, from: string, to: string) => `${person}/${from}..${to}`;

/** Adds an absence (audited with `actor`); a problem instead when the input breaks a rule, and then nothing is written. */
export async function addAbsence(db: Db, enteCode: string, input: AbsenceInput, actor: string): Promise<AbsenceProblem | null> {
  if (!isIsoDate(input.from) || !isIsoDate(input.to)) return 'dates';
  if (input.from > input.to) return 'order';
  if (input.deputy === input.person) return 'ownDeputy';
  return db.$transaction(async (tx) => {
    const person = await tx.person.findFirst({ where: { code: input.person, ente: { code: enteCode } } });
    if (!person) return 'person';
    const deputy = input.deputy ? await tx.person.findFirst({ where: { code: input.deputy, ente: { code: enteCode } } }) : null;
    if (input.deputy && !deputy) return 'deputy';
    if (await tx.absence.findFirst({ where: { personId: person.id, fromDate: input.from, toDate: input.to } })) return 'exists';
    await tx.absence.create({ data: { personId: person.id, fromDate: input.from, toDate: input.to, deputyId: deputy?.id ?? null } });
    await tx.auditLog.create({
      data: { enteId: person.enteId, actor, action: 'create', entity: 'Absence', entityId: label(person.code, input.from, input.to), newValue: { from: input.from, to: input.to, deputy: deputy?.code ?? null }, reason: 'web console' },
    });
    return null;
  });
}

/**
 * Ends an absence on `today`: the person is back today, so it now ends yesterday; an absence that
 * has not started yet is withdrawn. Audited either way. A problem when it is not the ente's or is over.
 */
export async function endAbsence(db: Db, enteCode: string, absenceId: number, today: string, actor: string): Promise<AbsenceProblem | null> {
  return db.$transaction(async (tx) => {
    const absence = await tx.absence.findFirst({ where: { id: absenceId, person: { ente: { code: enteCode } } }, include: { person: true } });
    if (!absence) return 'unknown';
    if (absence.toDate < today) return 'over';
    const was = label(absence.person.code, absence.fromDate, absence.toDate);
    if (absence.fromDate >= today) {
      await tx.absence.delete({ where: { id: absence.id } });
      await tx.auditLog.create({ data: { enteId: absence.person.enteId, actor, action: 'retire', entity: 'Absence', entityId: was, oldValue: { retired: false }, newValue: { retired: true }, reason: 'web console' } });
      return null;
    }
    const to = addDays(today, -1);
    await tx.absence.update({ where: { id: absence.id }, data: { toDate: to } });
    await tx.auditLog.create({ data: { enteId: absence.person.enteId, actor, action: 'update', entity: 'Absence', entityId: was, oldValue: { toDate: absence.toDate }, newValue: { toDate: to }, reason: 'web console' } });
    return null;
  });
}
