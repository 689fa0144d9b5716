/**
 * Everything perfbot stores about one person (GDPR right of access): their record, chat accounts,
 * absences, roles and responsibilities, every value and assessment they reported, the reminders
 * and digests addressed to them, their check-in in progress and the audit entries they made or
 * that concern them. Invitation codes are listed without the code itself (a credential).
 */
import type { Db } from './database.js';
import { PlanNotFoundError } from './plan-repository.js';
import { PERSON_AUDIT_ENTITIES, mentionsPerson } from './person-mentions.js';

/** The `perfbot/person@1` export of a person, as plain JSON data. */
export async function exportPersonData(db: Db, enteCode: string, personCode: string): Promise<Record<string, unknown>> {
  const ente = await db.ente.findUnique({ where: { code: enteCode } });
  if (!ente) throw new PlanNotFoundError(enteCode);
  const person = await db.person.findUnique({
    where: { enteId_code: { enteId: ente.id, code: personCode } },
    include: {
      identities: { orderBy: { platform: 'asc' } },
      absences: { include: { deputy: { select: { code: true } } }, orderBy: { fromDate: 'asc' } },
      deputyFor: { include: { person: { select: { code: true } } }, orderBy: { fromDate: 'asc' } },
      roles: { include: { plan: { select: { code: true } }, orgUnit: { select: { code: true } }, objective: { select: { code: true } } }, orderBy: { id: 'asc' } },
      responsibleFor: { select: { code: true, title: true, plan: { select: { code: true } } }, orderBy: { id: 'asc' } },
      referentFor: { select: { code: true, title: true, plan: { select: { code: true } } }, orderBy: { id: 'asc' } },
      ownedPhases: { select: { code: true, title: true, objective: { select: { code: true } } }, orderBy: { id: 'asc' } },
      reportedIndics: { select: { code: true, name: true, objective: { select: { code: true } } }, orderBy: { id: 'asc' } },
      conversation: true,
      invites: { select: { platform: true, createdAt: true, usedAt: true }, orderBy: { createdAt: 'asc' } },
    },
  });
  if (!person) throw new PlanNotFoundError(enteCode, undefined, personCode);
  const inEnte = { objective: { plan: { enteId: ente.id } } };
  const reported = { OR: [{ byCode: personCode }, { onBehalfOf: personCode }] };
  const [values, progress, assessments, reminders, audit] = await Promise.all([
    db.measurement.findMany({ where: { ...reported, indicator: inEnte }, include: { indicator: { select: { code: true, objective: { select: { code: true } } } } }, orderBy: { id: 'asc' } }),
    db.phaseProgress.findMany({ where: { ...reported, phase: inEnte }, include: { phase: { select: { code: true, objective: { select: { code: true } } } } }, orderBy: { id: 'asc' } }),
    db.assessment.findMany({ where: { byCode: personCode, objective: { plan: { enteId: ente.id } } }, include: { objective: { select: { code: true } } }, orderBy: { id: 'asc' } }),
    db.reminder.findMany({ where: { enteId: ente.id, OR: [{ recipient: personCode }, { onBehalfOf: personCode }] }, orderBy: { id: 'asc' } }),
    db.auditLog.findMany({ where: { enteId: ente.id, OR: [{ actor: personCode }, { entity: { in: PERSON_AUDIT_ENTITIES } }] }, orderBy: { id: 'asc' } }),
  ]);
  return {
    format: 'perfbot/person@1',
    ente: ente.code,
    person: { code: person.code, name: person.name, email: person.email, category: person.category, locale: person.locale },
    chatAccounts: person.identities.map((i) => ({ platform: i.platform, externalId: i.externalId, unreachable: i.unreachable, unreachableReason: i.unreachableReason, unreachableAt: i.unreachableAt, linkedAt: i.createdAt })),
    absences: person.absences.map((a) => ({ from: a.fromDate, to: a.toDate, deputy: a.deputy?.code ?? null })),
    deputyFor: person.deputyFor.map((a) => ({ person: a.person.code, from: a.fromDate, to: a.toDate })),
    roles: person.roles.map((r) => ({ plan: r.plan.code, role: r.role, orgUnit: r.orgUnit?.code ?? null, objective: r.objective?.code ?? null, validFrom: r.validFrom, validTo: r.validTo })),
    responsibleFor: person.responsibleFor.map((o) => ({ plan: o.plan.code, objective: o.code, title: o.title })),
    politicalReferentFor: person.referentFor.map((o) => ({ plan: o.plan.code, objective: o.code, title: o.title })),
    phasesOwned: person.ownedPhases.map((p) => ({ objective: p.objective.code, phase: p.code, title: p.title })),
    indicatorsReported: person.reportedIndics.map((i) => ({ objective: i.objective.code, indicator: i.code, name: i.name })),
    indicatorValues: values.map((m) => ({ objective: m.indicator.objective.code, indicator: m.indicator.code, asOf: m.asOf, raw: m.raw, status: m.status, note: m.note, by: m.byCode, onBehalfOf: m.onBehalfOf, channel: m.channel, recordedAt: m.recordedAt, superseded: m.supersededAt !== null })),
    phaseProgress: progress.map((p) => ({ objective: p.phase.objective.code, phase: p.phase.code, asOf: p.asOf, pct: p.pct, note: p.note, by: p.byCode, onBehalfOf: p.onBehalfOf, channel: p.channel, recordedAt: p.recordedAt, superseded: p.supersededAt !== null })),
    assessments: assessments.map((a) => ({ objective: a.objective.code, asOf: a.asOf, kind: a.kind, pct: a.pct, status: a.status, note: a.note, channel: a.channel, recordedAt: a.recordedAt, superseded: a.supersededAt !== null })),
    remindersAndDigests: reminders.map((r) => ({ kind: r.kind, subject: r.subject, onBehalfOf: r.onBehalfOf, dueDate: r.dueDate, step: r.step, state: r.state, sendAt: r.sendAt, sentAt: r.sentAt, platform: r.platform })),
    checkinInProgress: person.conversation ? { platform: person.conversation.platform, updatedAt: person.conversation.updatedAt, state: person.conversation.state } : null,
    invitations: person.invites,
    auditLog: audit
      .filter((a) => a.actor === personCode || (a.entity === 'Person' && a.entityId === personCode) || mentionsPerson(a.oldValue, personCode) || mentionsPerson(a.newValue, personCode))
      .map((a) => ({ at: a.at, actor: a.actor, action: a.action, entity: a.entity, entityId: a.entityId, oldValue: a.oldValue, newValue: a.newValue, reason: a.reason })),
  };
}
