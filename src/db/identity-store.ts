/**
 * Who a chat account belongs to: chat identities, one-time invitation codes (Telegram onboarding:
 * nobody can claim to be someone else), unreachable marks and language preferences.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from './database.js';
import type { Platform } from '../domain/platform.js';
import { cachedByVersion, forgetCached } from './plan-snapshot-cache.js';

export interface KnownPerson {
  id: number;
  code: string;
  name: string;
  locale: string | null;
  ente: { id: number; code: string; locale: string; timezone: string };
}

const personSelect = { id: true, code: true, name: true, locale: true, ente: { select: { id: true, code: true, locale: true, timezone: true } } } as const;

/**
 * The person behind a platform account; local accounts are `ente/person` codes. Null when unknown.
 * With `version` (the plan data version the caller just read, see plan-snapshot-cache.ts) a known
 * person is cached until it moves: every change to people and chat identities is audited, so a
 * chat turn finds its person without a query. Unknown accounts are always looked up again.
 */
export async function findPersonByAccount(db: Db, platform: Platform, userId: string, version?: number): Promise<KnownPerson | null> {
  if (version === undefined) return readPersonByAccount(db, platform, userId);
  const key = `person\u0000${platform}\u0000${userId}`;
  const person = await cachedByVersion(db, key, () => readPersonByAccount(db, platform, userId), version);
  if (person) return person;
  forgetCached(db, key);
  return null;
}

async function readPersonByAccount(db: Db, platform: Platform, userId: string): Promise<KnownPerson | null> {
  if (platform === 'local') {
    const [ente, code] = userId.split('/');
    if (!ente || !code) return null;
    return db.person.findFirst({ where: { code, ente: { code: ente } }, select: personSelect });
  }
  const identity = await db.chatIdentity.findFirst({ where: { platform, externalId: userId }, select: { person: { select: personSelect } } });
  return identity?.person ?? null;
}

/** Marks a platform account unreachable (coordinators see it); a no-op for unknown accounts. */
export async function markUnreachable(db: Db, platform: Platform, userId: string, reason: string, at: Date): Promise<void> {
  await db.chatIdentity.updateMany({ where: { platform, externalId: userId, unreachable: false }, data: { unreachable: true, unreachableReason: reason, unreachableAt: at } });
}

/** Creates a one-time invitation code for a person and platform. */
export async function createInvite(db: Db, enteCode: string, personCode: string, platform: Platform): Promise<string> {
  const person = await db.person.findFirst({ where: { code: personCode, ente: { code: enteCode } } });
  if (!person) throw new Error(`person "${personCode}" of ente "${enteCode}" not found`);
  const code = randomBytes(12).toString('base64url');
  await db.inviteCode.create({ data: { code, personId: person.id, platform } });
  return code;
}

/**
 * Redeems an invitation: links the account to the invited person (replacing an older identity on
 * that platform, audited) and spends the code. Null when the code is unknown, used or for another platform.
 */
export async function redeemInvite(db: Db, code: string, platform: Platform, userId: string, at: Date): Promise<KnownPerson | null> {
  return db.$transaction(async (tx) => {
    const spent = await tx.inviteCode.updateMany({ where: { code, platform, usedAt: null }, data: { usedAt: at } });
    if (spent.count === 0) return null;
    const invite = await tx.inviteCode.findUniqueOrThrow({ where: { code } });
    const previous = await tx.chatIdentity.findUnique({ where: { personId_platform: { personId: invite.personId, platform } } });
    await tx.chatIdentity.upsert({
      where: { personId_platform: { personId: invite.personId, platform } },
      create: { personId: invite.personId, platform, externalId: userId },
      update: { externalId: userId, unreachable: false, unreachableReason: null, unreachableAt: null },
    });
    const person = await tx.person.findUniqueOrThrow({ where: { id: invite.personId }, select: personSelect });
    await tx.auditLog.create({
      data: { enteId: person.ente.id, actor: person.code, action: previous ? 'update' : 'create', entity: 'ChatIdentity', entityId: `${person.code}/${platform}`, oldValue: previous ? { externalId: previous.externalId } : undefined, newValue: { externalId: userId }, reason: 'invitation' },
    });
    return person;
  });
}

/** Stores a person's language preference (audited). */
export async function setLocale(db: Db, person: KnownPerson, locale: 'it' | 'en'): Promise<void> {
  await db.$transaction([
    db.person.update({ where: { id: person.id }, data: { locale } }),
    db.auditLog.create({ data: { enteId: person.ente.id, actor: person.code, action: 'update', entity: 'Person', entityId: person.code, oldValue: { locale: person.locale }, newValue: { locale } } }),
  ]);
}

/**
 * Links people who have an e-mail but no account on the platform, by asking the platform who
 * has that e-mail (Slack users.lookupByEmail), so proactive messages can reach them. Audited;
 * returns how many this call linked. Safe when two processes start together: a person the other
 * one linked meanwhile (the unique (person, platform) key is taken) is left as it is.
 */
export async function linkAccountsByEmail(db: Db, platform: Platform, lookup: (email: string) => Promise<string | null>): Promise<number> {
  const people = await db.person.findMany({ where: { email: { not: null }, identities: { none: { platform } } } });
  let linked = 0;
  for (const person of people) {
    const userId = await lookup(person.email!);
    if (!userId) continue;
    try {
      await db.$transaction([
        db.chatIdentity.create({ data: { personId: person.id, platform, externalId: userId } }),
        db.auditLog.create({ data: { enteId: person.enteId, actor: 'perfbot', action: 'create', entity: 'ChatIdentity', entityId: `${person.code}/${platform}`, newValue: { externalId: userId }, reason: `${platform} e-mail lookup` } }),
      ]);
      linked++;
    } catch (error) {
      // The identity and its audit line were rolled back together: the other process's link stands, audited once.
      if ((error as { code?: string }).code !== 'P2002') throw error;
    }
  }
  return linked;
}
