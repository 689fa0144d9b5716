/**
 * `perfbot doctor`: the database answers and its migrations match this version; the people of each
 * ente's current plan can be reached on a configured chat platform; what will be sent next. Reads
 * only: the doctor applies no migration and changes nothing.
 */
import { DateTime } from 'luxon';
import type { Env } from '../config/env.js';
import type { Db } from '../db/database.js';
import { committedMigrations } from '../observability/readiness.js';
import { finding, type Finding } from './finding.js';

const TIMEOUT_MS = 10_000;

function firstLine(text: string): string {
  return text.split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? 'unknown error';
}

/** Reachability and migrations; `ready` is false when the other database checks cannot run. */
export async function databaseFindings(db: Db, env: Env): Promise<{ findings: Finding[]; ready: boolean }> {
  try {
    await Promise.race([db.$queryRawUnsafe('SELECT 1'), new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer in ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS).unref())]);
  } catch (error) {
    return { findings: [finding('fail', 'database.unreachable', { reason: firstLine((error as Error).message) })], ready: false };
  }
  let applied: string[];
  try {
    const rows = await db.$queryRawUnsafe<Array<{ migration_name: string }>>('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL');
    applied = rows.map((r) => r.migration_name);
  } catch {
    return { findings: [finding('ok', 'database.ok'), finding('warn', 'database.empty')], ready: false };
  }
  const committed = committedMigrations(env.DATABASE_URL);
  const pending = committed.filter((name) => !applied.includes(name));
  const unknown = applied.filter((name) => !committed.includes(name));
  const findings = [finding('ok', 'database.ok')];
  if (unknown.length > 0) findings.push(finding('fail', 'database.newerSchema', { migrations: unknown.join(', ') }));
  if (pending.length > 0) findings.push(finding('warn', 'database.pendingMigrations', { migrations: pending.join(', ') }));
  if (unknown.length === 0 && pending.length === 0) findings.push(finding('ok', 'database.migrationsOk', { count: committed.length }));
  return { findings, ready: unknown.length === 0 && pending.length === 0 };
}

/** People of each ente's latest plan (roles, objectives, phases, indicators) with no reachable account on a configured platform. */
export async function reachabilityFindings(db: Db, env: Env): Promise<Finding[]> {
  const platforms = [...(env.SLACK_BOT_TOKEN ? ['slack'] : []), ...(env.TELEGRAM_BOT_TOKEN ? ['telegram'] : [])];
  if (platforms.length === 0) return [];
  const findings: Finding[] = [];
  for (const ente of await db.ente.findMany({ where: { plans: { some: {} } }, include: { plans: { orderBy: [{ year: 'desc' }, { id: 'desc' }], take: 1 } }, orderBy: { code: 'asc' } })) {
    const planId = ente.plans[0]!.id;
    const people = await db.person.findMany({
      where: {
        enteId: ente.id,
        OR: [
          { roles: { some: { planId } } },
          { responsibleFor: { some: { planId, retired: false } } },
          { ownedPhases: { some: { objective: { planId }, retired: false } } },
          { reportedIndics: { some: { objective: { planId }, retired: false } } },
        ],
      },
      include: { identities: true },
      orderBy: { code: 'asc' },
    });
    let unreachable = 0;
    for (const person of people) {
      const accounts = person.identities.filter((i) => platforms.includes(i.platform));
      if (accounts.some((i) => !i.unreachable)) continue;
      unreachable += 1;
      const blocked = accounts.find((i) => i.unreachable);
      findings.push(
        blocked
          ? finding('warn', 'people.blocked', { ente: ente.code, person: person.code, platform: blocked.platform, reason: blocked.unreachableReason ?? '?' })
          : finding('warn', 'people.noAccount', { ente: ente.code, person: person.code, platforms: platforms.join(', ') }),
      );
    }
    if (unreachable === 0) findings.push(finding('ok', 'people.ok', { ente: ente.code, count: people.length }));
  }
  return findings;
}

/** The next reminders and digests planned (pending), in the ente's local time. */
export async function nextRemindersFindings(db: Db, now: Date, limit = 5): Promise<Finding[]> {
  const rows = await db.reminder.findMany({ where: { state: 'pending' }, orderBy: [{ sendAt: 'asc' }, { id: 'asc' }], take: limit, include: { ente: true } });
  if (rows.length === 0) return [finding('info', 'reminders.none')];
  const overdue = await db.reminder.count({ where: { state: 'pending', sendAt: { lt: new Date(now.getTime() - 15 * 60_000) } } });
  const findings = rows.map((row) =>
    finding('info', 'reminders.next', {
      at: DateTime.fromJSDate(row.sendAt, { zone: row.ente.timezone }).toFormat('yyyy-LL-dd HH:mm'),
      ente: row.ente.code,
      person: row.recipient,
      kind: row.kind,
      subject: row.subject,
    }),
  );
  if (overdue > 0) findings.unshift(finding('warn', 'reminders.overdue', { count: overdue }));
  return findings;
}
