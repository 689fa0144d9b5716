/**
 * One-time sign-in links for the web console (issue 13): valid 15 minutes, spent on first use, for
 * people holding admin, coordinator or oiv. The link carries a random token; only its SHA-256 is
 * stored (in InviteCode, platform `console`), so a copy of the database holds no usable link.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import { latestPlanCode, loadPlanSnapshot } from '../db/plan-repository.js';
import { consoleRolesOf } from './console-roles.js';
import { romeDate } from './rome-date.js';
import { LINK_MINUTES } from './console-link-minutes.js';

export { LINK_MINUTES };
const PLATFORM = 'console';

/** Why a link was not created: an unknown person, or one without a console role today. */
export class ConsoleLinkError extends Error {
  constructor(readonly reason: 'unknown' | 'no_role', message: string) {
    super(message);
    this.name = 'ConsoleLinkError';
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Creates a link token for a person of an ente who holds a console role on `now`'s date. */
export async function createConsoleLink(db: Db, enteCode: string, personCode: string, now: Date): Promise<string> {
  const person = await db.person.findFirst({ where: { code: personCode, ente: { code: enteCode } } });
  if (!person) throw new ConsoleLinkError('unknown', `person "${personCode}" of ente "${enteCode}" not found`);
  const snapshot = await loadPlanSnapshot(db, enteCode, await latestPlanCode(db, enteCode));
  if (consoleRolesOf(snapshot, personCode, romeDate(now)).length === 0) {
    throw new ConsoleLinkError('no_role', `"${personCode}" holds no admin, coordinator or oiv role in ${enteCode} today`);
  }
  // Hex, not base64url: a `_` would be carried as a look-alike character in chat text (light
  // markup), and the link would break on Slack.
  const token = randomBytes(24).toString('hex');
  await db.inviteCode.create({ data: { code: digest(token), personId: person.id, platform: PLATFORM, createdAt: now } });
  return token;
}

/**
 * Spends a link: one conditional update, so two redemptions racing for the same link cannot both
 * win. Null when the token is unknown, already used or older than 15 minutes.
 */
export async function redeemConsoleLink(db: Db, token: string, now: Date): Promise<{ ente: string; person: string } | null> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
  const code = digest(token);
  const notBefore = new Date(now.getTime() - LINK_MINUTES * 60_000);
  const spent = await db.inviteCode.updateMany({ where: { code, platform: PLATFORM, usedAt: null, createdAt: { gte: notBefore } }, data: { usedAt: now } });
  if (spent.count !== 1) return null;
  const row = await db.inviteCode.findUniqueOrThrow({ where: { code }, include: { person: { include: { ente: true } } } });
  return { ente: row.person.ente.code, person: row.person.code };
}

/** The engine's `consoleLink` hook: a fresh link as a full URL under `baseUrl`, made at the engine's clock. */
export function consoleLinkMaker(db: Db, clock: () => Date, baseUrl: string): (enteCode: string, personCode: string) => Promise<string> {
  return async (enteCode, personCode) => `${baseUrl}/accedi?t=${await createConsoleLink(db, enteCode, personCode, clock())}`;
}
