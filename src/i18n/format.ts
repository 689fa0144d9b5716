/**
 * Numbers and dates the way each language writes them: Italian "42,5", "2.700", "31/07/2022";
 * English "42.5", "2,700", "31 Jul 2022". Dates are ISO calendar dates, formatted without time zones.
 */
import type { Locale } from './messages.js';

const intlLocale: Record<Locale, string> = { it: 'it-IT', en: 'en-GB' };

/** Formatters by locale and decimals: building an Intl.NumberFormat costs far more than using one. */
const numberFormats = new Map<string, Intl.NumberFormat>();

/** A number with at most `decimals` decimals, grouped (it: 2.700,5). */
export function formatNumber(value: number, locale: Locale, decimals = 2): string {
  const key = `${locale}/${decimals}`;
  let format = numberFormats.get(key);
  if (!format) {
    // 'always': CLDR leaves 4-digit Italian numbers ungrouped (2700), the plans write 2.700.
    const options = { maximumFractionDigits: decimals, useGrouping: 'always' } as unknown as Intl.NumberFormatOptions;
    numberFormats.set(key, (format = new Intl.NumberFormat(intlLocale[locale], options)));
  }
  return format.format(value);
}

/** A percentage 0..100 as "42,5%" (it) / "42.5%" (en); null as "—". */
export function formatPct(value: number | null | undefined, locale: Locale, decimals = 1): string {
  return value === null || value === undefined ? '—' : `${formatNumber(value, locale, decimals)}%`;
}

const dateFormats = new Map<Locale, Intl.DateTimeFormat>();

/** An ISO date `YYYY-MM-DD` as 31/07/2022 (it) or 31 Jul 2022 (en). */
export function formatDate(iso: string, locale: Locale): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  let format = dateFormats.get(locale);
  if (!format) {
    const options: Intl.DateTimeFormatOptions =
      locale === 'it' ? { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' } : { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' };
    dateFormats.set(locale, (format = new Intl.DateTimeFormat(intlLocale[locale], options)));
  }
  return format.format(date);
}
