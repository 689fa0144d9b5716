/**
 * Links a person to a Slack user id typed by an administrator (for people whose Slack email does
 * not match the plan's). Same write and audit as an invitation's redemption in identity-store;
 * kept here until identity-store (owned by the chat rework) offers it, then it should move there.
 */
import type { Db } from '../db/database.js';

/** A Slack member id: U… or W…, upper-case letters and digits. */
export const SLACK_USER_ID = /^[UW][A-Z0-9]{2,20}$/;

/** Links (or relinks) `personCode`'s Slack account to `userId`, audited with `actor`; false when the id is not a Slack id or the person is unknown. */
export async function linkSlackAccount(db: Db, enteCode: string, personCode: string, userId: string, actor: string): Promise<boolean> {
  if (!SLACK_USER_ID.test(userId)) return false;
  return db.$transaction(async (tx) => {
    const person = await tx.person.findFirst({ where: { code: personCode, ente: { code: enteCode } } });
    if (!person) return false;
    const where = { personId_platform: { personId: person.id, platform: 'slack' } };
    const previous = await tx.chatIdentity.findUnique({ where });
    await tx.chatIdentity.upsert({ where, create: { personId: person.id, platform: 'slack', externalId: userId }, update: { externalId: userId, unreachable: false, unreachableReason: null, unreachableAt: null } });
    await tx.auditLog.create({
      data: { enteId: person.enteId, actor, action: previous ? 'update' : 'create', entity: 'ChatIdentity', entityId: `${personCode}/slack`, ...(previous ? { oldValue: { externalId: previous.externalId } } : {}), newValue: { externalId: userId }, reason: 'web console' },
    });
    return true;
  });
}
