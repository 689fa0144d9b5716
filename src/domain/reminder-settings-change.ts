/**
 * The administrators' reminder settings language, shared by chat (`/perfbot admin …`) and the CLI
 * (`perfbot config …`): `ora 09:30`, `anticipo 5,1`, `sollecito 2`, `solleciti 3`, `escalation on`,
 * `finemese off`, `silenzio 19:00-08:00`, `chiusura 2022-12-24`, `pausa on|off`, `pausa <persona>`,
 * `riprendi <persona>`, `digest lunedì 08:30` | `digest martedì` | `digest 09:00` | `digest on|off`
 * (English words work too). Parsing is pure; applying is the settings store's. It lives next to the
 * reminder settings it changes, so chat and CLI reach it without depending on the scheduler.
 */
import type { ReminderSettings } from './reminder-settings.js';
import { isCalendarDate } from './calendar-date.js';
import { parseWeekday } from './weekday-names.js';

/** Values filling a message's `{name}` placeholders (the shape of i18n's Params, which the domain does not import). */
export type Params = Record<string, string | number>;
/** A message lookup in the reader's language (i18n's `translator`). */
export type Translate = (key: string, params?: Params) => string;

/** What was wrong, as a key of `settingsError` in prompts/ and its values: the caller words it in the reader's language. */
export interface SettingsError {
  key: string;
  params?: Params;
}

export type SettingsChange = { ok: true; patch: Partial<ReminderSettings> } | { ok: false; error: SettingsError };

/** The error in words. */
export function describeSettingsError(error: SettingsError, t: Translate): string {
  return t(`settingsError.${error.key}`, error.params);
}

const fail = (key: string, params?: Params): SettingsChange => ({ ok: false, error: { key, ...(params ? { params } : {}) } });

const ON = new Set(['on', 'si', 'sì', 'true', '1']);
const OFF = new Set(['off', 'no', 'false', '0']);
const ALIASES: Record<string, string> = {
  ora: 'ora', time: 'ora', orario: 'ora',
  anticipo: 'anticipo', lead: 'anticipo',
  sollecito: 'sollecito', 'followup-every': 'sollecito',
  solleciti: 'solleciti', 'followup-max': 'solleciti',
  escalation: 'escalation',
  finemese: 'finemese', 'month-end': 'finemese',
  silenzio: 'silenzio', quiet: 'silenzio',
  chiusura: 'chiusura', closure: 'chiusura',
  pausa: 'pausa', pause: 'pausa',
  riprendi: 'riprendi', resume: 'riprendi',
  digest: 'digest', riepilogo: 'digest',
};

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * `digest on|off`, or a weekday and/or a time: setting when it goes out also switches it on (an
 * administrator who names a day wants it sent); the part not given is kept.
 */
function parseDigest(value: string, current: ReminderSettings['digest']): SettingsChange {
  const words = value.split(/\s+/).filter(Boolean);
  if (words.length === 0) return fail('digestUsage');
  const on = words.length === 1 ? flag(words[0]!) : null;
  if (on !== null) return { ok: true, patch: { digest: { ...current, enabled: on } } };
  let weekday: number | undefined;
  let time: string | undefined;
  for (const word of words) {
    if (/^\d{1,2}[:.]\d{2}$/.test(word)) {
      const normalised = word.replace('.', ':').padStart(5, '0');
      if (!HHMM.test(normalised)) return fail('digestTime', { word });
      if (time !== undefined) return fail('digestTwoTimes', { first: time, second: normalised });
      time = normalised;
      continue;
    }
    const day = parseWeekday(word);
    if (day === null) return fail('digestWord', { word });
    if (weekday !== undefined) return fail('digestTwoDays', { words: words.join(' ') });
    // Digests go out on working days only: a weekend day would silently become Monday.
    if (day > 5) return fail('digestWeekend', { word });
    weekday = day;
  }
  return { ok: true, patch: { digest: { enabled: true, weekday: weekday ?? current.weekday, time: time ?? current.time } } };
}

function flag(value: string): boolean | null {
  const v = value.toLowerCase();
  return ON.has(v) ? true : OFF.has(v) ? false : null;
}

/** Parses one change (`key value`) against the current settings; errors name what was expected. */
export function parseSettingsChange(text: string, current: ReminderSettings, knownPeople: Set<string>): SettingsChange {
  const [rawKey = '', ...rest] = text.trim().split(/\s+/);
  const value = rest.join(' ');
  const key = ALIASES[rawKey.toLowerCase()];
  if (!key) return fail('unknown', { key: rawKey });
  switch (key) {
    case 'ora':
      return /^([01]\d|2[0-3]):[0-5]\d$/.test(value) ? { ok: true, patch: { sendTime: value } } : fail('time');
    case 'anticipo': {
      const days = value.split(/[,\s]+/).filter(Boolean).map(Number);
      return days.length > 0 && days.every((d) => Number.isInteger(d) && d >= 1 && d <= 60) ? { ok: true, patch: { leadDays: days } } : fail('lead');
    }
    case 'sollecito':
    case 'solleciti': {
      const n = Number(value);
      const max = key === 'sollecito' ? 30 : 10;
      const min = key === 'sollecito' ? 1 : 0;
      if (!Number.isInteger(n) || n < min || n > max) return fail('wholeNumber', { key, min, max });
      return { ok: true, patch: key === 'sollecito' ? { followUpEvery: n } : { followUpMax: n } };
    }
    case 'escalation':
    case 'finemese': {
      const on = flag(value);
      if (on === null) return fail('onOff', { key });
      return { ok: true, patch: key === 'escalation' ? { escalation: on } : { monthEndAsks: on } };
    }
    case 'silenzio': {
      const match = /^(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})$/.exec(value);
      return match ? { ok: true, patch: { quietHours: { from: match[1]!, to: match[2]! } } } : fail('quiet');
    }
    case 'chiusura': {
      // A closure on 30 February would be stored and never match a day (issue 10 item 9).
      return isCalendarDate(value) ? { ok: true, patch: { closures: [...new Set([...current.closures, value])].sort() } } : fail('closure');
    }
    case 'pausa':
    case 'riprendi': {
      const on = flag(value);
      if (key === 'pausa' && on !== null) return { ok: true, patch: { paused: on } };
      if (!knownPeople.has(value)) return fail('person', { key, value });
      const people = new Set(current.pausedPeople);
      if (key === 'pausa') people.add(value);
      else people.delete(value);
      return { ok: true, patch: { pausedPeople: [...people].sort() } };
    }
    case 'digest':
      return parseDigest(value, current.digest);
  }
  return fail('unknown', { key: rawKey });
}
