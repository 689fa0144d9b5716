/**
 * Writing many reported values at once, with the rules of value-history.ts (a new value for the
 * same subject and date supersedes the current one, an identical value changes nothing, every
 * write audited) in a fixed number of statements instead of four per value: a Conferma of ten
 * answers reads the current rows in one query per kind and writes each kind with one multi-row
 * insert; the audit rows are handed back, for the caller to write those of every kind at once.
 * Each value carries its own recording time: the answers of a Conferma keep the order they were
 * given in (the latest answers are listed first, as when they were written one by one).
 */
import { Prisma } from '../generated/sqlite/client.js';
import type { Tx } from './database.js';
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

export type AuditRow = Prisma.AuditLogCreateManyInput;

/** What a batch did to each value (in order) and the audit rows still to write. */
export interface BatchOutcome {
  outcomes: WriteOutcome[];
  audits: AuditRow[];
}

function audit(from: BatchProvenance, entity: string, label: string, superseded: boolean, oldValue: object | null, newValue: object, at: Date): AuditRow {
  return { enteId: from.enteId, at, actor: from.by, action: superseded ? 'supersede' : 'create', entity, entityId: label, oldValue: oldValue ?? Prisma.DbNull, newValue, reason: null };
}

/** Writes the progress values of one batch; resolves to each one's outcome, in order, and its audit rows. */
export async function recordProgressBatch(tx: Tx, values: Array<Batched<ProgressInput>>, from: BatchProvenance): Promise<BatchOutcome> {
  if (values.length === 0) return { outcomes: [], audits: [] };
  const currentRows = await tx.phaseProgress.findMany({ where: { phaseId: { in: values.map((v) => v.phaseId) }, supersededAt: null } });
  const current = new Map(currentRows.map((r) => [`${r.phaseId}@${r.asOf}`, r]));
  const outcomes: WriteOutcome[] = [];
  const writes: Array<{ value: Batched<ProgressInput>; previous: (typeof currentRows)[number] | undefined }> = [];
  for (const value of values) {
    const previous = current.get(`${value.phaseId}@${value.asOf}`);
    const note = value.note ?? null;
    if (previous && previous.pct === value.pct && previous.note === note && previous.byCode === from.by) outcomes.push('unchanged');
    else {
      outcomes.push(previous ? 'superseded' : 'created');
      writes.push({ value, previous });
    }
  }
  if (writes.length === 0) return { outcomes, audits: [] };
  // a correction supersedes the current row at the new one's time (rare: one statement each)
  for (const { value, previous } of writes) if (previous) await tx.phaseProgress.update({ where: { id: previous.id }, data: { supersededAt: value.at } });
  await tx.phaseProgress.createMany({
    data: writes.map(({ value, previous }) => ({ phaseId: value.phaseId, asOf: value.asOf, pct: value.pct, note: value.note ?? null, byCode: from.by, onBehalfOf: value.onBehalfOf, channel: from.channel, messageRef: from.messageRef, recordedAt: value.at, supersedesId: previous?.id ?? null })),
  });
  return {
    outcomes,
    audits: writes.map(({ value, previous }) => audit(from, 'PhaseProgress', value.label, !!previous, previous ? { pct: previous.pct, by: previous.byCode } : null, { pct: value.pct, by: from.by, onBehalfOf: value.onBehalfOf, channel: from.channel }, value.at)),
  };
}

/** Writes the indicator values of one batch; resolves to each one's outcome, in order, and its audit rows. */
export async function recordMeasurementBatch(tx: Tx, values: Array<Batched<MeasurementInput>>, from: BatchProvenance): Promise<BatchOutcome> {
  if (values.length === 0) return { outcomes: [], audits: [] };
  const currentRows = await tx.measurement.findMany({ where: { indicatorId: { in: values.map((v) => v.indicatorId) }, supersededAt: null } });
  const current = new Map(currentRows.map((r) => [`${r.indicatorId}@${r.asOf}`, r]));
  const outcomes: WriteOutcome[] = [];
  const writes: Array<{ value: Batched<MeasurementInput>; previous: (typeof currentRows)[number] | undefined }> = [];
  for (const value of values) {
    const previous = current.get(`${value.indicatorId}@${value.asOf}`);
    const note = value.note ?? null;
    if (previous && previous.raw === value.raw && previous.status === value.status && previous.note === note && previous.byCode === from.by) outcomes.push('unchanged');
    else {
      outcomes.push(previous ? 'superseded' : 'created');
      writes.push({ value, previous });
    }
  }
  if (writes.length === 0) return { outcomes, audits: [] };
  // a correction supersedes the current row at the new one's time (rare: one statement each)
  for (const { value, previous } of writes) if (previous) await tx.measurement.update({ where: { id: previous.id }, data: { supersededAt: value.at } });
  await tx.measurement.createMany({
    data: writes.map(({ value, previous }) => ({
      indicatorId: value.indicatorId,
      asOf: value.asOf,
      raw: value.raw,
      parsed: value.parsed === null || value.parsed === undefined ? Prisma.DbNull : (value.parsed as Prisma.InputJsonValue),
      status: value.status,
      note: value.note ?? null,
      byCode: from.by,
      onBehalfOf: value.onBehalfOf,
      channel: from.channel,
      messageRef: from.messageRef,
      recordedAt: value.at,
      supersedesId: previous?.id ?? null,
    })),
  });
  return {
    outcomes,
    audits: writes.map(({ value, previous }) =>
      audit(from, 'Measurement', value.label, !!previous, previous ? { raw: previous.raw, status: previous.status, by: previous.byCode } : null, { raw: value.raw, status: value.status, by: from.by, onBehalfOf: value.onBehalfOf, channel: from.channel }, value.at),
    ),
  };
}
