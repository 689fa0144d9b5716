/**
 * Final assessments of objectives (the Relazione's "grado di raggiungimento"): the responsible's
 * declared %, status class and note, and the OIV's note. Like every reported value, a new
 * assessment supersedes the current one (kept, marked superseded) and is audited with who, when,
 * old and new. People holding the read-only `oiv` role may add their note and nothing else.
 */
import { Prisma } from '../generated/sqlite/client.js';
import type { Db, Tx } from './database.js';
import { retryOnCurrentValueConflict } from './unique-violation.js';
import { holdsReadOnlyRole, ReadOnlyRoleError } from './read-only-role.js';
import { CheckpointClosedError } from './answer-store.js';
import type { WriteOutcome } from './value-history.js';

export type AssessedStatus = 'on_track' | 'actions_started' | 'immediate_actions';

/** Thrown when an OIV note is added to an objective that has no final assessment yet. */
export class NoAssessmentError extends Error {
  constructor(readonly objective: string) {
    super(`objective ${objective} has no final assessment yet`);
    this.name = 'NoAssessmentError';
  }
}

export interface AssessmentInput {
  ente: string;
  plan: string;
  objective: string;
  /** the final checkpoint the assessment is at */
  asOf: string;
  /** the declared % (the computed one when the responsible confirmed it) */
  pct: number | null;
  computedPct: number | null;
  status: AssessedStatus;
  note: string | null;
  /** why the declared % differs from the computed one */
  reason: string | null;
  by: string;
  channel: string;
  /** the local date of the change, for role validity */
  on: string;
}

async function planAndObjective(tx: Tx, ente: string, plan: string, objective: string) {
  const planRow = await tx.plan.findFirstOrThrow({ where: { code: plan, ente: { code: ente } } });
  const objectiveRow = await tx.objective.findFirstOrThrow({ where: { planId: planRow.id, code: objective, retired: false } });
  return { planRow, objectiveRow };
}

/** Stores a responsible's final assessment of one objective (one transaction, audited). */
export async function saveAssessment(db: Db, input: AssessmentInput): Promise<WriteOutcome> {
  return retryOnCurrentValueConflict(() => db.$transaction((tx) => saveAssessmentInTx(tx, input)));
}

/** Stores a final assessment inside the caller's transaction (the engine commits it with the conversation's state). */
export async function saveAssessmentInTx(tx: Tx, input: AssessmentInput): Promise<WriteOutcome> {
  const { planRow, objectiveRow } = await planAndObjective(tx, input.ente, input.plan, input.objective);
  if (await holdsReadOnlyRole(tx, planRow.id, input.by, input.on)) throw new ReadOnlyRoleError(input.by);
  if (((planRow.closedCheckpoints as string[] | null) ?? []).includes(input.asOf)) throw new CheckpointClosedError(input.asOf);
  const current = await tx.assessment.findFirst({ where: { objectiveId: objectiveRow.id, asOf: input.asOf, supersededAt: null } });
  if (current && current.pct === input.pct && current.status === input.status && current.note === input.note && current.byCode === input.by) {
    // The reason lives in the audit log: a new reason for the same assessment is a change worth keeping.
    const last = await tx.auditLog.findFirst({ where: { enteId: planRow.enteId, entity: 'Assessment', entityId: `${planRow.code}/${input.objective}@${input.asOf}`, actor: input.by }, orderBy: { id: 'desc' } });
    if ((input.reason ?? null) === (last?.reason ?? null)) return 'unchanged';
  }
  // superseded first: one current row per objective and date (a unique index)
  const at = new Date();
  if (current) await tx.assessment.update({ where: { id: current.id }, data: { supersededAt: at } });
  await tx.assessment.create({
    data: {
      objectiveId: objectiveRow.id,
      asOf: input.asOf,
      kind: 'final',
      pct: input.pct,
      status: input.status,
      note: input.note,
      // The OIV's note stays with the objective when the responsible revises the assessment.
      oivNote: current?.oivNote ?? null,
      byCode: input.by,
      channel: input.channel,
      recordedAt: at,
      supersedesId: current?.id ?? null,
    },
  });
  await tx.auditLog.create({
    data: {
      enteId: planRow.enteId,
      actor: input.by,
      action: current ? 'supersede' : 'create',
      entity: 'Assessment',
      entityId: `${planRow.code}/${input.objective}@${input.asOf}`,
      oldValue: current ? { pct: current.pct, status: current.status, note: current.note, by: current.byCode } : Prisma.DbNull,
      newValue: { pct: input.pct, computedPct: input.computedPct, status: input.status, note: input.note, by: input.by, channel: input.channel },
      reason: input.reason,
    },
  });
  return current ? 'superseded' : 'created';
}

/** Adds (or replaces) the OIV's note on an objective's final assessment; only people with the `oiv` role may. */
export async function saveOivNote(
  db: Db,
  input: { ente: string; plan: string; objective: string; asOf: string; note: string; by: string; channel: string; on: string },
): Promise<WriteOutcome> {
  return retryOnCurrentValueConflict(() => db.$transaction((tx) => saveOivNoteInTx(tx, input)));
}

/** `saveOivNote` inside the caller's transaction. */
export async function saveOivNoteInTx(
  tx: Tx,
  input: { ente: string; plan: string; objective: string; asOf: string; note: string; by: string; channel: string; on: string },
): Promise<WriteOutcome> {
  const { planRow, objectiveRow } = await planAndObjective(tx, input.ente, input.plan, input.objective);
  if (!(await holdsReadOnlyRole(tx, planRow.id, input.by, input.on))) throw new ReadOnlyRoleError(input.by);
  const current = await tx.assessment.findFirst({ where: { objectiveId: objectiveRow.id, asOf: input.asOf, supersededAt: null } });
  if (!current) throw new NoAssessmentError(input.objective);
  if (current.oivNote === input.note) return 'unchanged';
  // The assessment itself (pct, status, note, who assessed) is copied unchanged: the OIV only adds its note.
  const at = new Date();
  await tx.assessment.update({ where: { id: current.id }, data: { supersededAt: at } });
  await tx.assessment.create({
    data: {
      objectiveId: objectiveRow.id,
      asOf: current.asOf,
      kind: current.kind,
      pct: current.pct,
      status: current.status,
      note: current.note,
      oivNote: input.note,
      byCode: current.byCode,
      channel: current.channel,
      recordedAt: at,
      supersedesId: current.id,
    },
  });
  await tx.auditLog.create({
    data: {
      enteId: planRow.enteId,
      actor: input.by,
      action: 'supersede',
      entity: 'Assessment',
      entityId: `${planRow.code}/${input.objective}@${current.asOf}`,
      oldValue: { oivNote: current.oivNote },
      newValue: { oivNote: input.note, by: input.by, channel: input.channel },
    },
  });
  return 'superseded';
}
