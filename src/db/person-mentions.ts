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

/** Fields of other entities' audit values that hold a person's code (or a list of codes). */
const PERSON_FIELDS = new Set(['by', 'byCode', 'onBehalfOf', 'recipient', 'pausedPeople', 'deputy', 'responsible']);
/** Fields of audit values that hold free text a person may be named in. */
const TEXT_FIELDS = new Set(['note', 'oivNote', 'reason']);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Free text (a note) with the person's code and name replaced by `pseudonym`, as whole words and
 * in any case: «sentito Anna Verdi» → «sentito anon-1a2b3c4d».
 */
export function replacePersonInText(text: string, person: { code: string; name: string }, pseudonym: string): string {
  let result = text;
  for (const mention of [person.name, person.code].filter((m) => m.trim().length > 0)) {
    result = result.replace(new RegExp(`(?<![\\p{L}\\p{N}_-])${escapeRegExp(mention)}(?![\\p{L}\\p{N}_-])`, 'giu'), pseudonym);
  }
  return result;
}

/**
 * A copy of another entity's audit value (a measurement, an assessment, the reminder settings …)
 * with the person replaced where such values name people: the person fields by code, the notes as
 * text. Other strings are left alone: a phase or sector code may equal a person's code by chance.
 */
export function replacePersonInFields(value: unknown, person: { code: string; name: string }, pseudonym: string, field?: string): unknown {
  if (typeof value === 'string') {
    if (field && PERSON_FIELDS.has(field)) return replacePerson(value, person.code, pseudonym);
    if (field && TEXT_FIELDS.has(field)) return replacePersonInText(value, person, pseudonym);
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => replacePersonInFields(v, person, pseudonym, field));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replacePersonInFields(v, person, pseudonym, k)]));
  return value;
}
