/**
 * The stored history of one objective for the Obiettivo page: every value and progress report,
 * superseded ones included (who, when, through which channel), and the audit rows that name the
 * objective's answers and assessments. The report shows only current values; this shows how they
 * came to be.
 */
import type { Db } from '../db/database.js';

export interface HistoryRow {
  kind: 'indicator' | 'phase';
  /** indicator or phase code */
  code: string;
  asOf: string;
  value: string;
  by: string | null;
  onBehalfOf: string | null;
  channel: string;
  recordedAt: Date;
  superseded: boolean;
}

export interface AuditRow {
  at: Date;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  oldValue: unknown;
  newValue: unknown;
  reason: string | null;
}

/** Every value and progress row of the objective, oldest first. */
export async function objectiveHistory(db: Db, enteCode: string, planCode: string, objectiveCode: string): Promise<HistoryRow[]> {
  const objective = { code: objectiveCode, plan: { code: planCode, ente: { code: enteCode } } };
  const [measurements, progress] = await Promise.all([
    db.measurement.findMany({ where: { indicator: { objective } }, include: { indicator: { select: { code: true } } }, orderBy: [{ recordedAt: 'asc' }, { id: 'asc' }] }),
    db.phaseProgress.findMany({ where: { phase: { objective } }, include: { phase: { select: { code: true } } }, orderBy: [{ recordedAt: 'asc' }, { id: 'asc' }] }),
  ]);
  return [
    ...measurements.map((m) => ({ kind: 'indicator' as const, code: m.indicator.code, asOf: m.asOf, value: m.raw, by: m.byCode, onBehalfOf: m.onBehalfOf, channel: m.channel, recordedAt: m.recordedAt, superseded: m.supersededAt !== null })),
    ...progress.map((p) => ({ kind: 'phase' as const, code: p.phase.code, asOf: p.asOf, value: `${p.pct}%`, by: p.byCode, onBehalfOf: p.onBehalfOf, channel: p.channel, recordedAt: p.recordedAt, superseded: p.supersededAt !== null })),
  ].sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());
}

/** The audit rows of the objective's answers and assessments (labels `plan/OBJ/…` and `plan/OBJ@…`), newest first. */
export async function objectiveAudit(db: Db, enteCode: string, planCode: string, objectiveCode: string, limit = 200): Promise<AuditRow[]> {
  const rows = await db.auditLog.findMany({
    where: { ente: { code: enteCode }, OR: [{ entityId: { startsWith: `${planCode}/${objectiveCode}/` } }, { entityId: { startsWith: `${planCode}/${objectiveCode}@` } }] },
    orderBy: { id: 'desc' },
    take: limit,
  });
  return rows.map((r) => ({ at: r.at, actor: r.actor, action: r.action, entity: r.entity, entityId: r.entityId, oldValue: r.oldValue, newValue: r.newValue, reason: r.reason }));
}
