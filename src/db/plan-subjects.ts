/**
 * The phases and indicators a batch of answers names, by their codes, with their current rows and
 * the plan data version, in one statement: what a Conferma needs to know before it writes (the ids
 * to write against, the rows a new value supersedes or leaves unchanged, and whether the caller's
 * plan snapshot is still the database's). A raw statement: Prisma's query compiler costs more than
 * the query for the six joins this would otherwise take.
 */
import { Prisma } from '../generated/sqlite/client.js';
import type { Tx } from './database.js';
import type { CurrentValue } from './value-batch.js';

export interface PlanSubjects {
  /** the newest audit row's id when read (plan-snapshot-cache.ts) */
  version: number;
  planId: number;
  enteId: number;
  /** "phase:OBJ/code" or "indicator:OBJ/code" → id, for each subject named that the plan has */
  ids: Map<string, number>;
  /** the current rows of those subjects, at every date */
  current: Array<CurrentValue & { kind: 'phase' | 'indicator' }>;
}

interface Row {
  kind: 'phase' | 'indicator';
  v: number | bigint | null;
  planId: number | bigint;
  enteId: number | bigint;
  objective: string;
  code: string;
  subjectId: number | bigint;
  currentId: number | bigint | null;
  asOf: string | null;
  note: string | null;
  byCode: string | null;
  pct: number | null;
  raw: string | null;
  status: string | null;
}

/** Reads the subjects `answers` name in plan `planCode` of ente `enteCode`; null when it finds none (unknown plan or codes). */
export async function planSubjects(tx: Tx, enteCode: string, planCode: string, answers: ReadonlyArray<{ kind: 'phase' | 'indicator'; objective: string; code: string }>): Promise<PlanSubjects | null> {
  const part = (kind: 'phase' | 'indicator') => {
    const named = answers.filter((a) => a.kind === kind);
    if (named.length === 0) return null;
    const objectives = Prisma.join([...new Set(named.map((a) => a.objective))]);
    const codes = Prisma.join([...new Set(named.map((a) => a.code))]);
    // the same columns in both halves; NULL where a kind has no such column
    return kind === 'phase'
      ? Prisma.sql`SELECT 'phase' AS "kind", p."id" AS "planId", p."enteId" AS "enteId", o."code" AS "objective", s."code" AS "code", s."id" AS "subjectId",
          c."id" AS "currentId", c."asOf" AS "asOf", c."note" AS "note", c."byCode" AS "byCode", c."pct" AS "pct", NULL AS "raw", NULL AS "status", (SELECT MAX("id") FROM "AuditLog") AS "v"
        FROM "Ente" e JOIN "Plan" p ON p."enteId" = e."id" JOIN "Objective" o ON o."planId" = p."id" JOIN "Phase" s ON s."objectiveId" = o."id"
        LEFT JOIN "PhaseProgress" c ON c."phaseId" = s."id" AND c."supersededAt" IS NULL
        WHERE e."code" = ${enteCode} AND p."code" = ${planCode} AND o."code" IN (${objectives}) AND s."code" IN (${codes})`
      : Prisma.sql`SELECT 'indicator' AS "kind", p."id" AS "planId", p."enteId" AS "enteId", o."code" AS "objective", s."code" AS "code", s."id" AS "subjectId",
          c."id" AS "currentId", c."asOf" AS "asOf", c."note" AS "note", c."byCode" AS "byCode", NULL AS "pct", c."raw" AS "raw", c."status" AS "status", (SELECT MAX("id") FROM "AuditLog") AS "v"
        FROM "Ente" e JOIN "Plan" p ON p."enteId" = e."id" JOIN "Objective" o ON o."planId" = p."id" JOIN "Indicator" s ON s."objectiveId" = o."id"
        LEFT JOIN "Measurement" c ON c."indicatorId" = s."id" AND c."supersededAt" IS NULL
        WHERE e."code" = ${enteCode} AND p."code" = ${planCode} AND o."code" IN (${objectives}) AND s."code" IN (${codes})`;
  };
  const parts = [part('phase'), part('indicator')].filter((p): p is Prisma.Sql => p !== null);
  if (parts.length === 0) return null;
  const rows = await tx.$queryRaw<Row[]>(Prisma.join(parts, ' UNION ALL ', '', ''));
  const first = rows[0];
  if (!first) return null;
  const ids = new Map<string, number>();
  const current: PlanSubjects['current'] = [];
  for (const row of rows) {
    const subjectId = Number(row.subjectId);
    ids.set(`${row.kind}:${row.objective}/${row.code}`, subjectId);
    if (row.currentId !== null && row.asOf !== null) current.push({ kind: row.kind, id: Number(row.currentId), subjectId, asOf: row.asOf, note: row.note, byCode: row.byCode, pct: row.pct === null ? null : Number(row.pct), raw: row.raw, status: row.status });
  }
  return { version: Number(first.v ?? 0), planId: Number(first.planId), enteId: Number(first.enteId), ids, current };
}
