/**
 * Who is signed in: a signed (HMAC), HttpOnly, SameSite=Lax cookie holding ente, person and expiry.
 * Roles are not stored in it: every request re-reads them from the plan for today, so a role that
 * ends or an ente that changes takes effect at once.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/database.js';
import { latestPlanCode, loadPlanSnapshot } from '../db/plan-repository.js';
import type { PlanSnapshot } from '../domain/plan-state.js';
import { consoleRolesOf, type ConsoleRole } from './console-roles.js';
import { romeDate } from './rome-date.js';
import { scopedSnapshot, sectorScope } from './sector-scope.js';

export const SESSION_COOKIE = 'perfbot_session';
export const SESSION_HOURS = 8;

export interface Viewer {
  ente: string;
  person: string;
  name: string;
  roles: ConsoleRole[];
  /** The sectors a sector-scoped coordinator reads; null: the whole ente. */
  scope: string[] | null;
  /** The plan as this viewer may read it: already restricted to `scope`. */
  snapshot: PlanSnapshot;
}

interface SessionValue {
  e: string;
  p: string;
  x: number;
}

/** Sets the session cookie after a link was redeemed. */
export function startSession(reply: FastifyReply, ente: string, person: string, now: Date, secure: boolean): void {
  const value: SessionValue = { e: ente, p: person, x: now.getTime() + SESSION_HOURS * 3_600_000 };
  reply.setCookie(SESSION_COOKIE, JSON.stringify(value), { signed: true, httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: SESSION_HOURS * 3600 });
}

/** Clears the session cookie (sign-out). */
export function endSession(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** The signed-in person with their console roles today, or null (no cookie, bad signature, expired, no role left). */
export async function readViewer(request: FastifyRequest, db: Db, now: Date): Promise<Viewer | null> {
  const raw = request.cookies[SESSION_COOKIE];
  if (!raw) return null;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || unsigned.value === null) return null;
  let value: SessionValue;
  try {
    value = JSON.parse(unsigned.value) as SessionValue;
  } catch {
    return null;
  }
  if (typeof value.x !== 'number' || value.x < now.getTime()) return null;
  let snapshot: PlanSnapshot;
  try {
    snapshot = await loadPlanSnapshot(db, value.e, await latestPlanCode(db, value.e));
  } catch {
    return null;
  }
  const today = romeDate(now);
  const roles = consoleRolesOf(snapshot, value.p, today);
  const person = snapshot.people.find((p) => p.code === value.p);
  if (!person || roles.length === 0) return null;
  const scope = sectorScope(snapshot, value.p, today);
  return { ente: value.e, person: value.p, name: person.name, roles, scope, snapshot: scopedSnapshot(snapshot, scope) };
}
