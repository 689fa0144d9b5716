/**
 * The OIV (Nucleo di valutazione) reviews: it reads everything and adds its notes, but never
 * reports or assesses values. The stores check this themselves, so no path around the chat can
 * write a value in an OIV's name.
 */
import type { Db, Tx } from './database.js';
import { isRoleValidOn } from '../domain/responsibility.js';

/** Thrown when a person whose role is read-only (OIV) tries to change a value. */
export class ReadOnlyRoleError extends Error {
  constructor(readonly person: string) {
    super(`${person} has a read-only role and cannot change values`);
    this.name = 'ReadOnlyRoleError';
  }
}

/** Whether `person` holds the `oiv` role on `on` (its validity dates included). */
export async function holdsReadOnlyRole(tx: Tx | Db, planId: number, person: string, on: string): Promise<boolean> {
  const roles = await tx.roleAssignment.findMany({ where: { planId, role: 'oiv', person: { code: person } } });
  return roles.some((r) => isRoleValidOn({ from: r.validFrom ?? undefined, to: r.validTo ?? undefined }, on));
}
