/**
 * `stato SETTORE` on demand: the same sector digest coordinators get on Monday, for whoever may
 * read it — ente-wide coordinators, the OIV and administrators read every sector; a sector's
 * coordinators and its dirigente read that sector. Built from the report at today's date.
 */
import type { OutgoingMessage } from '../chat/port.js';
import type { IsoDate } from '../domain/plan.js';
import type { PlanSnapshot } from '../domain/plan-state.js';
import { coordinatorsFor, dirigenteOf, enteWideCoordinators, hasRole } from '../domain/responsibility.js';
import { buildReport, reportSectorCodes } from '../reports/report.js';
import { buildSectorReport } from '../reports/sector-report.js';
import { enteSummaryMessages, sectorDigestMessages } from '../reports/digest-messages.js';
import type { FailedReminder, SectorDigest } from '../reports/digest.js';
import type { Locale, Translate } from '../i18n/messages.js';

/** The sectors (top-level units with objectives) a person may read the digest of on a date. */
export function readableSectors(snapshot: PlanSnapshot, person: string, date: IsoDate): string[] {
  const sectors = reportSectorCodes(snapshot);
  if (hasRole(snapshot, person, 'oiv', date) || hasRole(snapshot, person, 'admin', date)) return sectors;
  return sectors.filter((sector) => coordinatorsFor(snapshot, sector, date).includes(person) || dirigenteOf(snapshot, sector, date) === person);
}

/** Whether the person reads every sector (and so the ente-wide summary). */
export function readsWholeEnte(snapshot: PlanSnapshot, person: string, date: IsoDate): boolean {
  if (hasRole(snapshot, person, 'oiv', date) || hasRole(snapshot, person, 'admin', date)) return true;
  return enteWideCoordinators(snapshot, date).includes(person);
}

/**
 * The reply to `stato <sector>`: the digest (with the sector's digest itself, for its chart), or why
 * not (unknown sector, not allowed). `lastReminders` maps a person to the date of their last
 * reminder sent; `failedReminders` are the reminders not delivered lately, as in the weekly digest.
 */
export function sectorStatusReply(
  snapshot: PlanSnapshot,
  input: { person: string; sector: string; today: IsoDate; locale: Locale; t: Translate; lastReminders?: Map<string, IsoDate>; failedReminders?: FailedReminder[] },
): { messages: OutgoingMessage[]; digest?: SectorDigest } {
  const { t } = input;
  const report = () => ({ report: buildReport(snapshot, input.today), snapshot, locale: input.locale, lastReminders: input.lastReminders, failedReminders: input.failedReminders });
  if (['ente', 'tutti', 'all'].includes(input.sector.toLowerCase())) {
    if (!readsWholeEnte(snapshot, input.person, input.today)) return { messages: [{ text: t('statusDigest.notAllowedEnte') }] };
    return { messages: enteSummaryMessages(report()) };
  }
  const readable = readableSectors(snapshot, input.person, input.today);
  const sector = reportSectorCodes(snapshot).find((s) => s.toLowerCase() === input.sector.toLowerCase());
  if (!sector) return { messages: [{ text: t('statusDigest.unknownSector', { sector: input.sector, sectors: readable.join(', ') || '—' }) }] };
  if (!readable.includes(sector)) return { messages: [{ text: t('statusDigest.notAllowed', { sector }) }] };
  // one sector's digest needs only that sector's objectives (sector-report.ts)
  return sectorDigestMessages({ ...report(), report: buildSectorReport(snapshot, sector, input.today) }, sector);
}
