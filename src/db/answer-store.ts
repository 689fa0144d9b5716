/**
 * Saves a confirmed check-in in one transaction: every answer, with the channel, the message it
 * came from and who gave it (a deputy answering for someone is recorded as such). An answer,
 * once this resolves, is committed: it survives a crash of the bot.
 */
import type { Db, Tx } from './database.js';
import { recordMeasurement, recordProgress, type WriteOutcome } from './value-history.js';
import { recordMeasurementBatch, recordProgressBatch } from './value-batch.js';
import type { MeasuredValue, MeasurementStatus } from '../domain/measured-value.js';
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
  return db.$transaction((tx) => saveAnswersInTx(tx, input));
}

/**
 * Saves a confirmed check-in inside a transaction the caller holds: the conversation engine saves the
 * answers and the state that confirmed them in one commit, so a crash leaves both or neither.
 */
export async function saveAnswersInTx(tx: Tx, input: AnswersInput): Promise<WriteOutcome[]> {
  const answers = checkedAnswers(input.answers);
  const plan = await tx.plan.findFirstOrThrow({ where: { code: input.plan, ente: { code: input.ente } } });
  // The OIV reads and comments; it never reports values (checked here too, not only in chat).
  if (await holdsReadOnlyRole(tx, plan.id, input.by, input.on)) throw new ReadOnlyRoleError(input.by);
  // Every refusal comes before the first write: the caller's transaction may go on after one.
  const closed = new Set((plan.closedCheckpoints as string[] | null) ?? []);
  const late = answers.find((answer) => closed.has(answer.asOf));
  if (late) throw new CheckpointClosedError(late.asOf);
  // Each subject and date once per batch (a check-in asks each item once); otherwise value by value.
  const keys = new Set(answers.map((a) => `${a.kind}:${a.objective}/${a.code}@${a.asOf}`));
  if (keys.size !== answers.length) return saveOneByOne(tx, plan, answers, input);
  const phaseAnswers = answers.filter((a): a is Extract<ConfirmedAnswer, { kind: 'phase' }> => a.kind === 'phase');
  const indicatorAnswers = answers.filter((a): a is Extract<ConfirmedAnswer, { kind: 'indicator' }> => a.kind === 'indicator');
  const objectives = await tx.objective.findMany({ where: { planId: plan.id, code: { in: [...new Set(answers.map((a) => a.objective))] } }, select: { id: true, code: true } });
  const objectiveCode = new Map(objectives.map((o) => [o.id, o.code]));
  const inObjectives = (list: ConfirmedAnswer[]) => ({ objectiveId: { in: objectives.map((o) => o.id) }, code: { in: [...new Set(list.map((a) => a.code))] } });
  const select = { id: true, code: true, objectiveId: true } as const;
  const phases = phaseAnswers.length > 0 ? await tx.phase.findMany({ where: inObjectives(phaseAnswers), select }) : [];
  const indicators = indicatorAnswers.length > 0 ? await tx.indicator.findMany({ where: inObjectives(indicatorAnswers), select }) : [];
  const idOf = (rows: typeof phases, a: ConfirmedAnswer, what: string) => {
    const row = rows.find((r) => r.code === a.code && objectiveCode.get(r.objectiveId) === a.objective);
    if (!row) throw new Error(`${what} ${a.objective}/${a.code} not found in plan ${plan.code}`);
    return row.id;
  };
  const from = { enteId: plan.enteId, by: input.by, channel: input.channel, messageRef: input.messageRef ?? null };
  const label = (a: ConfirmedAnswer) => `${plan.code}/${a.objective}/${a.code}@${a.asOf}`;
  // one millisecond apart, in the order given: the latest answer is the last one (as when written one by one)
  const start = Date.now();
  const at = (a: ConfirmedAnswer) => new Date(start + answers.indexOf(a));
  const progress = await recordProgressBatch(
    tx,
    phaseAnswers.map((a) => ({ phaseId: idOf(phases, a, 'phase'), asOf: a.asOf, pct: a.pct, at: at(a), onBehalfOf: a.onBehalfOf ?? null, label: label(a) })),
    from,
  );
  const measured = await recordMeasurementBatch(
    tx,
    indicatorAnswers.map((a) => ({ indicatorId: idOf(indicators, a, 'indicator'), asOf: a.asOf, raw: a.raw, parsed: a.value, status: a.status, note: a.note, at: at(a), onBehalfOf: a.onBehalfOf ?? null, label: label(a) })),
    from,
  );
  const audits = [...progress.audits, ...measured.audits];
  if (audits.length > 0) await tx.auditLog.createMany({ data: audits });
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
