/**
 * Saves a confirmed check-in in one transaction: every answer, with the channel, the message it
 * came from and who gave it (a deputy answering for someone is recorded as such). An answer,
 * once this resolves, is committed: it survives a crash of the bot.
 */
import type { Db, Tx } from './database.js';
import { retryOnCurrentValueConflict } from './unique-violation.js';
import { recordMeasurement, recordProgress, type WriteOutcome } from './value-history.js';
import { insertAuditRows, MEASUREMENT, PROGRESS, writeValueBatch, type CurrentValue } from './value-batch.js';
import { planSubjects, type PlanSubjects } from './plan-subjects.js';
import type { MeasuredValue, MeasurementStatus } from '../domain/measured-value.js';
import type { PlanSnapshot } from '../domain/plan-state.js';
import { hasRole } from '../domain/responsibility.js';
import { holdsReadOnlyRole, ReadOnlyRoleError } from './read-only-role.js';
import { confirmedAnswerSchema, InvalidAnswerError } from './answer-schema.js';

export { InvalidAnswerError };

export type ConfirmedAnswer =
  | { kind: 'phase'; objective: string; code: string; asOf: string; pct: number; onBehalfOf?: string }
  | { kind: 'indicator'; objective: string; code: string; asOf: string; raw: string; value: MeasuredValue | null; status: MeasurementStatus; note?: string; onBehalfOf?: string };

/** Thrown when an answer refers to a checkpoint an administrator has closed in the meantime. */
export class CheckpointClosedError extends Error {
  constructor(readonly checkpoint: string) {
    super(`checkpoint ${checkpoint} is closed`);
    this.name = 'CheckpointClosedError';
  }
}

export interface AnswersInput {
  ente: string;
  plan: string;
  by: string;
  channel: string;
  messageRef?: string;
  answers: ConfirmedAnswer[];
  /** the ente's local date of the answer (role validity) */
  on: string;
}

/**
 * The answers as the store writes them: each checked against the boundary schema (finite numbers,
 * -0 as 0, a value when measured). Throws InvalidAnswerError for the first one refused.
 */
export function checkedAnswers(answers: ConfirmedAnswer[]): ConfirmedAnswer[] {
  return answers.map((answer) => {
    const checked = confirmedAnswerSchema.safeParse(answer);
    if (!checked.success) throw new InvalidAnswerError(`${answer.objective}/${answer.code}@${answer.asOf}`, checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    return checked.data as ConfirmedAnswer;
  });
}

/** Saves a confirmed check-in in its own transaction (see `saveAnswersInTx`). */
export async function saveAnswers(db: Db, input: AnswersInput): Promise<WriteOutcome[]> {
  return retryOnCurrentValueConflict(() => db.$transaction((tx) => saveAnswersInTx(tx, input)));
}

/** A plan snapshot and the plan data version it was cached at (plan-snapshot-cache.ts), as a chat turn has them. */
export interface KnownPlan {
  snapshot: PlanSnapshot;
  version: number;
}

type PhaseAnswer = Extract<ConfirmedAnswer, { kind: 'phase' }>;
type IndicatorAnswer = Extract<ConfirmedAnswer, { kind: 'indicator' }>;

/**
 * Saves a confirmed check-in inside a transaction the caller holds: the conversation engine saves the
 * answers and the state that confirmed them in one commit, so a crash leaves both or neither.
 *
 * `known`, the plan snapshot the caller already holds at its version, spares the reads of the plan,
 * its roles and closed checkpoints: one statement reads the subjects' ids, their current rows and the
 * version, and the snapshot's checks stand only while that version is still the snapshot's (every
 * change of plan, roles or checkpoints adds an audit row); otherwise everything is read again.
 */
export async function saveAnswersInTx(tx: Tx, input: AnswersInput, known?: KnownPlan): Promise<WriteOutcome[]> {
  const answers = checkedAnswers(input.answers);
  // Each subject and date once per batch (a check-in asks each item once); otherwise value by value.
  const keys = new Set(answers.map((a) => `${a.kind}:${a.objective}/${a.code}@${a.asOf}`));
  const batched = keys.size === answers.length;
  // read in the transaction, after the turn is taken: the ids and current rows the writes build on
  const subjects = batched ? await planSubjects(tx, input.ente, input.plan, answers) : null;
  if (subjects && known && subjects.version === known.version && known.snapshot.ente.code === input.ente && known.snapshot.plan.code === input.plan) {
    // The OIV reads and comments; it never reports values (checked here too, not only in chat).
    if (hasRole(known.snapshot, input.by, 'oiv', input.on)) throw new ReadOnlyRoleError(input.by);
    checkOpen(answers, known.snapshot.plan.closedCheckpoints);
    return saveBatch(tx, subjects, answers, input);
  }
  const plan = await tx.plan.findFirstOrThrow({ where: { code: input.plan, ente: { code: input.ente } } });
  if (await holdsReadOnlyRole(tx, plan.id, input.by, input.on)) throw new ReadOnlyRoleError(input.by);
  checkOpen(answers, plan.closedCheckpoints as string[] | null);
  if (!subjects) {
    if (!batched) return saveOneByOne(tx, plan, answers, input);
    throw new Error(`${answers[0]!.kind} ${answers[0]!.objective}/${answers[0]!.code} not found in plan ${plan.code}`);
  }
  return saveBatch(tx, subjects, answers, input);
}

/** Every refusal comes before the first write: the caller's transaction may go on after one. */
function checkOpen(answers: ConfirmedAnswer[], closedCheckpoints: readonly string[] | null | undefined): void {
  const closed = new Set(closedCheckpoints ?? []);
  const late = answers.find((answer) => closed.has(answer.asOf));
  if (late) throw new CheckpointClosedError(late.asOf);
}

/** Writes a batch naming each subject and date once: one multi-row insert per kind and one for the audit rows. */
async function saveBatch(tx: Tx, subjects: PlanSubjects, answers: ConfirmedAnswer[], input: AnswersInput): Promise<WriteOutcome[]> {
  const phaseAnswers = answers.filter((a): a is PhaseAnswer => a.kind === 'phase');
  const indicatorAnswers = answers.filter((a): a is IndicatorAnswer => a.kind === 'indicator');
  const idOf = (a: ConfirmedAnswer) => {
    const id = subjects.ids.get(`${a.kind}:${a.objective}/${a.code}`);
    if (id === undefined) throw new Error(`${a.kind} ${a.objective}/${a.code} not found in plan ${input.plan}`);
    return id;
  };
  const currentOf = (kind: ConfirmedAnswer['kind']): CurrentValue[] => subjects.current.filter((c) => c.kind === kind);
  const from = { enteId: subjects.enteId, by: input.by, channel: input.channel, messageRef: input.messageRef ?? null };
  const label = (a: ConfirmedAnswer) => `${input.plan}/${a.objective}/${a.code}@${a.asOf}`;
  // one millisecond apart, in the order given: the latest answer is the last one (as when written one by one)
  const start = Date.now();
  const at = (a: ConfirmedAnswer) => new Date(start + answers.indexOf(a));
  const progress = await writeValueBatch(
    tx,
    PROGRESS,
    phaseAnswers.map((a) => ({ phaseId: idOf(a), asOf: a.asOf, pct: a.pct, at: at(a), onBehalfOf: a.onBehalfOf ?? null, label: label(a) })),
    from,
    currentOf('phase'),
  );
  const measured = await writeValueBatch(
    tx,
    MEASUREMENT,
    indicatorAnswers.map((a) => ({ indicatorId: idOf(a), asOf: a.asOf, raw: a.raw, parsed: a.value, status: a.status, note: a.note, at: at(a), onBehalfOf: a.onBehalfOf ?? null, label: label(a) })),
    from,
    currentOf('indicator'),
  );
  const audits = [...progress.audits, ...measured.audits];
  if (audits.length > 0) await insertAuditRows(tx, audits);
  // outcomes in the order of the answers
  return answers.map((a) => (a.kind === 'phase' ? progress.outcomes[phaseAnswers.indexOf(a)]! : measured.outcomes[indicatorAnswers.indexOf(a)]!));
}

/** The same writes value by value (four statements each), for a batch that names a subject twice. */
async function saveOneByOne(tx: Tx, plan: { id: number; enteId: number; code: string }, answers: ConfirmedAnswer[], input: AnswersInput): Promise<WriteOutcome[]> {
  const outcomes: WriteOutcome[] = [];
  for (const answer of answers) {
    const from = {
      enteId: plan.enteId,
      by: input.by,
      onBehalfOf: answer.onBehalfOf ?? null,
      channel: input.channel,
      messageRef: input.messageRef ?? null,
      label: `${plan.code}/${answer.objective}/${answer.code}@${answer.asOf}`,
    };
    if (answer.kind === 'phase') {
      const phase = await tx.phase.findFirstOrThrow({ where: { code: answer.code, objective: { code: answer.objective, planId: plan.id } } });
      outcomes.push(await recordProgress(tx, { phaseId: phase.id, asOf: answer.asOf, pct: answer.pct }, from));
    } else {
      const indicator = await tx.indicator.findFirstOrThrow({ where: { code: answer.code, objective: { code: answer.objective, planId: plan.id } } });
      outcomes.push(await recordMeasurement(tx, { indicatorId: indicator.id, asOf: answer.asOf, raw: answer.raw, parsed: answer.value, status: answer.status, note: answer.note }, from));
    }
  }
  return outcomes;
}

/** Closes a checkpoint: answers for it can no longer be changed in chat (audited). */
export async function closeCheckpoint(db: Db, ente: string, plan: string, checkpoint: string, actor: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await tx.plan.findFirstOrThrow({ where: { code: plan, ente: { code: ente } } });
    const before = (row.closedCheckpoints as string[] | null) ?? [];
    if (before.includes(checkpoint)) return;
    const after = [...before, checkpoint].sort();
    await tx.plan.update({ where: { id: row.id }, data: { closedCheckpoints: after } });
    await tx.auditLog.create({ data: { enteId: row.enteId, actor, action: 'update', entity: 'Plan', entityId: `${ente}/${plan}`, oldValue: { closedCheckpoints: before }, newValue: { closedCheckpoints: after } } });
  });
}
