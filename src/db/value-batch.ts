/**
 * Writing many reported values at once, with the rules of value-history.ts (a new value for the
 * same subject and date supersedes the current one, an identical value changes nothing, every
 * write audited) in a fixed number of statements instead of four per value: a Conferma of ten
 * answers reads the current rows in one query per kind (or takes them from the caller, who read
 * them with the subjects' ids) and writes each kind with one multi-row insert (raw: bulk-insert.ts); the audit rows are
 * handed back, for the caller to write those of every kind at once.
 * Each value carries its own recording time: the answers of a Conferma keep the order they were
 * given in (the latest answers are listed first, as when they were written one by one).
 *
 * One writer for both kinds: what differs (the table, what makes a value "the same", what the
 * audit row says) is a `ValueKind`.
 */
import { isPostgresClient, type Tx } from './database.js';
import { insertRows, type BulkTable } from './bulk-insert.js';
import { AUDIT_LOG, MEASUREMENT as MEASUREMENT_TABLE, PHASE_PROGRESS as PHASE_PROGRESS_TABLE } from './plan-import-tables.js';
import type { MeasurementInput, ProgressInput, WriteOutcome } from './value-history.js';

/** Who wrote a batch (one Conferma): the same for every value of it. */
export interface BatchProvenance {
  enteId: number;
  by: string;
  channel: string;
  messageRef: string | null;
}

/** A value of the batch: what to write, when it is recorded, who it is for and what its audit row names. */
export type Batched<T> = T & { at: Date; onBehalfOf: string | null; label: string };

/** An audit row of the batch: who, when, old and new. */
export interface AuditRow {
  enteId: number;
  at: Date;
  actor: string;
  action: 'create' | 'supersede';
  entity: string;
  entityId: string;
  oldValue: object | null;
  newValue: object;
}

/** Writes the audit rows of a batch (of every kind) in one statement. */
export async function insertAuditRows(tx: Tx, audits: AuditRow[]): Promise<void> {
  await insertRows(tx, AUDIT_LOG, audits as unknown as Array<Record<string, unknown>>, isPostgresClient(tx));
}

/** What a batch did to each value (in order) and the audit rows still to write. */
export interface BatchOutcome {
  outcomes: WriteOutcome[];
  audits: AuditRow[];
}

/** The current (not superseded) row of a subject at a date, as far as a batch compares and audits it. */
export interface CurrentValue {
  id: number;
  subjectId: number;
  asOf: string;
  note: string | null;
  byCode: string | null;
  /** a phase's percentage */
  pct?: number | null;
  /** an indicator's answer as written, and its status */
  raw?: string | null;
  status?: string | null;
}

/** What differs between writing progress and writing measurements. */
export interface ValueKind<V extends { asOf: string; note?: string | null }> {
  /** the audit rows' entity, which is also the kind's table */
  entity: 'PhaseProgress' | 'Measurement';
  subjectOf(value: V): number;
  /** the current rows of these subjects (every date) */
  current(tx: Tx, subjectIds: number[]): Promise<CurrentValue[]>;
  /** true when `value` would change nothing over `previous` (besides the author, compared by the writer) */
  same(previous: CurrentValue, value: V): boolean;
  /** marks a row superseded at the time of the row that corrects it */
  supersede(tx: Tx, id: number, at: Date): Promise<unknown>;
  /** the kind's table */
  table: BulkTable;
  /** a value's own columns (the subject, the date, the value), besides the provenance every kind has */
  fields(value: V): Record<string, unknown>;
  oldValue(previous: CurrentValue): object;
  newValue(value: V): object;
}

/**
 * Writes the values of one kind of one batch; resolves to each one's outcome, in order, and its audit
 * rows. `known`, when given, is every current row of the batch's subjects at the batch's dates (read by
 * the caller together with the subjects' ids): the writer then reads nothing.
 */
export async function writeValueBatch<V extends { asOf: string; note?: string | null }>(
  tx: Tx,
  kind: ValueKind<V>,
  values: Array<Batched<V>>,
  from: BatchProvenance,
  known?: CurrentValue[],
): Promise<BatchOutcome> {
  if (values.length === 0) return { outcomes: [], audits: [] };
  const currentRows = known ?? (await kind.current(tx, values.map((v) => kind.subjectOf(v))));
  const current = new Map(currentRows.map((r) => [`${r.subjectId}@${r.asOf}`, r]));
  const outcomes: WriteOutcome[] = [];
  const writes: Array<{ value: Batched<V>; previous: CurrentValue | undefined }> = [];
  for (const value of values) {
    const previous = current.get(`${kind.subjectOf(value)}@${value.asOf}`);
    if (previous && kind.same(previous, value) && previous.note === (value.note ?? null) && previous.byCode === from.by) outcomes.push('unchanged');
    else {
      outcomes.push(previous ? 'superseded' : 'created');
      writes.push({ value, previous });
    }
  }
  if (writes.length === 0) return { outcomes, audits: [] };
  // a correction supersedes the current row at the new one's time (rare: one statement each)
  for (const { value, previous } of writes) if (previous) await kind.supersede(tx, previous.id, value.at);
  await insertRows(
    tx,
    kind.table,
    writes.map(({ value, previous }) => ({ ...kind.fields(value), note: value.note ?? null, byCode: from.by, onBehalfOf: value.onBehalfOf, channel: from.channel, messageRef: from.messageRef, recordedAt: value.at, supersedesId: previous?.id ?? null })),
    isPostgresClient(tx),
  );
  return {
    outcomes,
    audits: writes.map(({ value, previous }) => ({
      enteId: from.enteId,
      at: value.at,
      actor: from.by,
      action: previous ? 'supersede' : 'create',
      entity: kind.entity,
      entityId: value.label,
      oldValue: previous ? kind.oldValue(previous) : null,
      newValue: { ...kind.newValue(value), by: from.by, onBehalfOf: value.onBehalfOf, channel: from.channel },
    })),
  };
}

/** Phase progress: the same when the percentage is. */
export const PROGRESS: ValueKind<ProgressInput> = {
  entity: 'PhaseProgress',
  subjectOf: (value) => value.phaseId,
  current: async (tx, phaseIds) =>
    (await tx.phaseProgress.findMany({ where: { phaseId: { in: phaseIds }, supersededAt: null }, select: { id: true, phaseId: true, asOf: true, note: true, byCode: true, pct: true } })).map(({ phaseId, ...row }) => ({ ...row, subjectId: phaseId })),
  same: (previous, value) => previous.pct === value.pct,
  supersede: (tx, id, at) => tx.phaseProgress.update({ where: { id }, data: { supersededAt: at } }),
  table: PHASE_PROGRESS_TABLE,
  fields: (value) => ({ phaseId: value.phaseId, asOf: value.asOf, pct: value.pct }),
  oldValue: (previous) => ({ pct: previous.pct, by: previous.byCode }),
  newValue: (value) => ({ pct: value.pct }),
};

/** Indicator measurements: the same when the answer as written and its status are. */
export const MEASUREMENT: ValueKind<MeasurementInput> = {
  entity: 'Measurement',
  subjectOf: (value) => value.indicatorId,
  current: async (tx, indicatorIds) =>
    (await tx.measurement.findMany({ where: { indicatorId: { in: indicatorIds }, supersededAt: null }, select: { id: true, indicatorId: true, asOf: true, note: true, byCode: true, raw: true, status: true } })).map(({ indicatorId, ...row }) => ({ ...row, subjectId: indicatorId })),
  same: (previous, value) => previous.raw === value.raw && previous.status === value.status,
  supersede: (tx, id, at) => tx.measurement.update({ where: { id }, data: { supersededAt: at } }),
  table: MEASUREMENT_TABLE,
  fields: (value) => ({ indicatorId: value.indicatorId, asOf: value.asOf, raw: value.raw, parsed: value.parsed, status: value.status }),
  oldValue: (previous) => ({ raw: previous.raw, status: previous.status, by: previous.byCode }),
  newValue: (value) => ({ raw: value.raw, status: value.status }),
};
