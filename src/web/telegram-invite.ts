/**
 * A Telegram invitation made in the console: the same one-time code and link as `perfbot invite`
 * (createInvite in identity-store, redeemed by the bot's /start), plus a QR code of the link so the
 * person can open it from a phone held up to the screen. Audited: who made a link for whom.
 */
import type { Db } from '../db/database.js';
import { createInvite } from '../db/identity-store.js';

export interface TelegramInvite {
  /** `https://t.me/<bot>?start=<code>`, or `/start <code>` when the bot's username is not configured */
  link: string;
  /** the QR code of the link as an SVG document (null without a t.me link: a command is not scanned) */
  qrSvg: string | null;
}

/** The same text `perfbot invite` prints for a code. */
export function telegramInviteLink(bot: string | undefined, code: string): string {
  return bot ? `https://t.me/${bot}?start=${code}` : `/start ${code}`;
}

/** Creates the invitation for a person of the ente, or null when there is no such person. */
export async function createTelegramInvite(db: Db, enteCode: string, personCode: string, bot: string | undefined, actor: string): Promise<TelegramInvite | null> {
  const person = await db.person.findFirst({ where: { code: personCode, ente: { code: enteCode } }, select: { id: true, enteId: true } });
  if (!person) return null;
  const code = await createInvite(db, enteCode, personCode, 'telegram');
  // The code itself is not audited: the row says who invited whom, not how to redeem it.
  await db.auditLog.create({ data: { enteId: person.enteId, actor, action: 'invite', entity: 'ChatIdentity', entityId: `${personCode}/telegram`, newValue: { platform: 'telegram' }, reason: 'web console' } });
  const link = telegramInviteLink(bot, code);
  if (!bot) return { link, qrSvg: null };
  // qrcode is loaded for the first invitation, not with the console.
  const { default: QRCode } = await import('qrcode');
  return { link, qrSvg: await QRCode.toString(link, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }) };
}
