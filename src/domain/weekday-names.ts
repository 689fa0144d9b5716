/**
 * Weekday names in the administrators' settings language: `digest lunedì 08:30`, `digest tuesday`.
 * The names come from the platform's locale data (luxon → Intl), Italian and English, long and
 * short, so nothing is spelled by hand; matching ignores case, accents and a trailing dot.
 */
import { Info } from 'luxon';

const LOCALES = ['it', 'en'] as const;

function normalise(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').replace(/\.$/, '').toLowerCase();
}

const byName = new Map<string, number>();
for (const locale of LOCALES) {
  for (const length of ['long', 'short'] as const) {
    // luxon lists the weekdays Monday first: index + 1 is the ISO weekday.
    Info.weekdays(length, { locale }).forEach((name, index) => byName.set(normalise(name), index + 1));
  }
}

/** The ISO weekday (1 = Monday … 7 = Sunday) of a name in Italian or English. */
export function parseWeekday(word: string): number | null {
  return byName.get(normalise(word)) ?? null;
}

/** The Italian name of an ISO weekday, as the settings are shown (`lunedì`). */
export function weekdayName(weekday: number): string {
  return Info.weekdays('long', { locale: 'it' })[weekday - 1] ?? String(weekday);
}
