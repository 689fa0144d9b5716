/**
 * Writing a reported value: a new value for the same subject and date supersedes the current
 * one (the old row stays, marked superseded), an identical value changes nothing, and every write
 * is audited with who, when, old and new. Used by imports and by chat answers alike.
 */
import { Prisma } from '../generated/sqlite/client.js';
import type { Tx } from './database.js';

export type WriteOutcome = 'created' | 'superseded' | 'unchanged';

interface Provenance {
  enteId: number;
  /** person code (or "import", "cli") */
  by: string | null;
  onBehalfOf?: string | null;
  channel: string;
  messageRef?: string | null;
  /** what the audit row names, e.g. "pdo-2022/AGSC-1/a@2022-07-31" */
  label: string;
  reason?: string;
}

export interface MeasurementInput {
  indicatorId: number;
  asOf: string;
  raw: string;
  parsed: unknown;
  status: string;
  note?: string | null;
}

export async function recordMeasurement(tx: Tx, value: MeasurementInput, from: Provenance): Promise<WriteOutcome> {
  const current = await tx.measurement.findFirst({ where: { indicatorId: value.indicatorId, asOf: value.asOf, supersededAt: null } });
  const note = value.note ?? null;
  if (current && current.raw === value.raw && current.status === value.status && current.note === note && current.byCode === from.by) return 'unchanged';
  // superseded first: the new row may only be current once the old one is not (one current row per subject and date, a unique index)
  const at = new Date();
  if (current) await tx.measurement.update({ where: { id: current.id }, data: { supersededAt: at } });
  await tx.measurement.create({
    data: {
      indicatorId: value.indicatorId,
      asOf: value.asOf,
      raw: value.raw,
      parsed: value.parsed === null || value.parsed === undefined ? Prisma.DbNull : (value.parsed as Prisma.InputJsonValue),
      status: value.status,
      note,
      byCode: from.by,
      onBehalfOf: from.onBehalfOf ?? null,
      channel: from.channel,
      messageRef: from.messageRef ?? null,
      recordedAt: at,
      supersedesId: current?.id ?? null,
    },
  });
  await tx.auditLog.create({
    data: {
      enteId: from.enteId,
      actor: from.by ?? from.channel,
      action: current ? 'supersede' : 'create',
      entity: 'Measurement',
      entityId: from.label,
      oldValue: current ? { raw: current.raw, status: current.status, by: current.byCode } : Prisma.DbNull,
      newValue: { raw: value.raw, status: value.status, by: from.by, onBehalfOf: from.onBehalfOf ?? null, channel: from.channel },
      reason: from.reason ?? null,
    },
  });
  return current ? 'superseded' : 'created';
}

export interface ProgressInput {
  phaseId: number;
  asOf: string;
  pct: number;
  note?: string | null;
}

export async function recordProgress(tx: Tx, value: ProgressInput, from: Provenance): Promise<WriteOutcome> {
  const current = await tx.phaseProgress.findFirst({ where: { phaseId: value.phaseId, asOf: value.asOf, supersededAt: null } });
  const note = value.note ?? null;
  if (current && current.pct === value.pct && current.note === note && current.byCode === from.by) return 'unchanged';
  const at = new Date();
  if (current) await tx.phaseProgress.update({ where: { id: current.id }, data: { supersededAt: at } });
  await tx.phaseProgress.create({
    data: { phaseId: value.phaseId, asOf: value.asOf, pct: value.pct, note, byCode: from.by, onBehalfOf: from.onBehalfOf ?? null, channel: from.channel, messageRef: from.messageRef ?? null, recordedAt: at, supersedesId: current?.id ?? null },
  });
  await tx.auditLog.create({
    data: {
      enteId: from.enteId,
      actor: from.by ?? from.channel,
      action: current ? 'supersede' : 'create',
      entity: 'PhaseProgress',
      entityId: from.label,
      oldValue: current ? { pct: current.pct, by: current.byCode } : Prisma.DbNull,
      newValue: { pct: value.pct, by: from.by, onBehalfOf: from.onBehalfOf ?? null, channel: from.channel },
      reason: from.reason ?? null,
    },
  });
  return current ? 'superseded' : 'created';
}
