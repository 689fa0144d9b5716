/** Which console roles (admin, coordinator, oiv) a person holds on a date; other roles do not sign in. */
import type { Organisation } from '../domain/responsibility.js';
import { hasRole } from '../domain/responsibility.js';

export const CONSOLE_ROLES = ['admin', 'coordinator', 'oiv'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

/** The console roles `person` holds on `date`; empty means no access. */
export function consoleRolesOf(org: Organisation, person: string, date: string): ConsoleRole[] {
  return CONSOLE_ROLES.filter((role) => hasRole(org, person, role, date));
}
