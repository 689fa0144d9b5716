/**
 * Italy's national public holidays, computed: the fixed days, Easter Sunday and Monday (Gregorian
 * computus), the 150th anniversary of 2011 and Saint Francis (4 October) from 2026 by L. 151/2025.
 * The same days and names as date-holidays' "public" holidays of IT (a test compares every year
 * 1900–2999), without loading that library's data for every country (≈ 22 MB held by the bot).
 */
import type { IsoDate } from './plan.js';

/** Fixed holidays `MM-DD` with their names, and the first year each applies. */
const FIXED: Array<[string, string, number]> = [
  ['01-01', 'Capodanno', 0],
  ['01-06', 'Epifania', 0],
  ['04-25', 'Liberazione dal nazifascismo (1945)', 0],
  ['05-01', 'Festa del lavoro', 0],
  ['06-02', 'Festa della Repubblica', 0],
  ['08-15', 'Assunzione di Maria', 0],
  ['10-04', "Festa nazionale di San Francesco d'Assisi", 2026],
  ['11-01', 'Ognissanti', 0],
  ['12-08', 'Immacolata Concezione', 0],
  ['12-25', 'Natale di Gesù', 0],
  ['12-26', 'Santo Stefano', 0],
];

/** Easter Sunday of a Gregorian year as `MM-DD` (anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The day after a `MM-DD` of March or April (Easter Monday never leaves April). */
function nextDay(monthDay: string): string {
  const [month, day] = monthDay.split('-').map(Number) as [number, number];
  return month === 3 && day === 31 ? '04-01' : `${String(month).padStart(2, '0')}-${String(day + 1).padStart(2, '0')}`;
}

/**
 * The national holidays of a year by date, in date order. When Easter falls on another holiday
 * (25 April), Easter's name is kept, as date-holidays does.
 */
export function italianNationalHolidays(year: number): Map<IsoDate, string> {
  const easter = easterSunday(year);
  const days: Array<[string, string, number]> = FIXED.filter(([, , from]) => year >= from).map(([day, name]) => [day, name, 0]);
  if (year === 2011) days.push(['03-17', 'Festa Nazionale 2011', 0]);
  days.push([easter, 'Domenica di Pasqua', 1], [nextDay(easter), 'Lunedì dell’Angelo', 1]);
  days.sort((x, y) => x[0].localeCompare(y[0]) || x[2] - y[2]);
  const yyyy = String(year).padStart(4, '0');
  return new Map(days.map(([day, name]) => [`${yyyy}-${day}`, name] as const));
}
