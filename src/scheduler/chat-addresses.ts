/** Where a person can be reached: their chat accounts, in the order of the configured ports. */
import type { Db } from '../db/database.js';
import type { ReminderRow } from '../db/reminder-store.js';
import type { ChatAddress, ChatPort } from '../chat/port.js';

/**
 * The row's recipient's addresses on the configured ports, in their order: the local chat always,
 * a platform when they have an account there. Unreachable accounts are left out for sending, and
 * kept (`withUnreachable`) when asking a platform about a message already handed to it.
 */
export async function chatAddressesOf(db: Db, ports: ChatPort[], row: Pick<ReminderRow, 'enteId' | 'recipient'>, options: { withUnreachable?: boolean } = {}): Promise<ChatAddress[]> {
  const person = await db.person.findFirst({ where: { enteId: row.enteId, code: row.recipient }, include: { identities: true, ente: true } });
  if (!person) return [];
  const addresses: ChatAddress[] = [];
  for (const port of ports) {
    if (port.platform === 'local') addresses.push({ platform: 'local', chatId: `${person.ente.code}/${person.code}` });
    const identity = person.identities.find((i) => i.platform === port.platform && (options.withUnreachable || !i.unreachable));
    if (identity) addresses.push({ platform: port.platform, chatId: identity.externalId });
  }
  return addresses;
}
