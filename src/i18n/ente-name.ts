/**
 * An ente's name after "of" the way each language says it (issue 14): Italian joins "di" with the
 * article of the noun that opens the name — "del Comune di Segrate", "dell'Unione Terre d'Argine",
 * "della Provincia di Modena" — and keeps plain "di" for a bare place name ("di Segrate").
 */
import type { Locale } from './messages.js';

/** Nouns that open an ente's name, with the articulated "di" they take. */
const ITALIAN_OF: Record<string, string> = {
  comune: 'del ',
  municipio: 'del ',
  consorzio: 'del ',
  circondario: 'del ',
  distretto: 'del ',
  ente: "dell'",
  unione: "dell'",
  azienda: "dell'",
  agenzia: "dell'",
  ambito: "dell'",
  istituto: "dell'",
  area: "dell'",
  città: 'della ',
  citta: 'della ',
  provincia: 'della ',
  regione: 'della ',
  comunità: 'della ',
  comunita: 'della ',
  camera: 'della ',
  'città metropolitana': 'della ',
};

/** "of <ente>" in the locale: "del Comune di Segrate", "di Segrate" (it); "of Comune di Segrate" (en). */
export function ofEnte(name: string, locale: Locale): string {
  if (locale !== 'it') return `of ${name}`;
  const first = name.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  const preposition = ITALIAN_OF[first];
  return preposition ? `${preposition}${name.trim()}` : `di ${name.trim()}`;
}
