/**
 * Where an audit entry's JSON values name a person: the importer's summaries list people by code
 * (`verdi-a`), chat accounts and absences by code and suffix (`verdi-a/slack`), role assignments by
 * code and fields (`verdi-a|dirigente|…`). Used to export and to pseudonymise those mentions.
 */

/** Entities whose audit entries may name a person (by code, or with their name and e-mail). */
export const PERSON_AUDIT_ENTITIES = ['Person', 'ChatIdentity', 'Absence', 'RoleAssignment'];

/** True when a string is the person's code or starts with it followed by / or |. */
function namesPerson(text: string, code: string): boolean {
  return text === code || text.startsWith(`${code}/`) || text.startsWith(`${code}|`);
}

/** Whether any string inside `value` names the person. */
export function mentionsPerson(value: unknown, code: string): boolean {
  if (typeof value === 'string') return namesPerson(value, code);
  if (Array.isArray(value)) return value.some((v) => mentionsPerson(v, code));
  if (value && typeof value === 'object') return Object.values(value).some((v) => mentionsPerson(v, code));
  return false;
}

/** A copy of `value` with the person's code replaced by `pseudonym` in every string that names them. */
export function replacePerson(value: unknown, code: string, pseudonym: string): unknown {
  if (typeof value === 'string') return namesPerson(value, code) ? `${pseudonym}${value.slice(code.length)}` : value;
  if (Array.isArray(value)) return value.map((v) => replacePerson(v, code, pseudonym));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replacePerson(v, code, pseudonym)]));
  return value;
}
