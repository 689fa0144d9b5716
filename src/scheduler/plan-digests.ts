/**
 * Plans the weekly digests, purely: each week's due date is the configured weekday (Monday by
 * default), moved to the next working day of the ente's calendar when that day is closed (Easter
 * Monday → Tuesday), at the configured local time moved out of quiet hours. Every sector with
 * objectives gets one row per coordinator of the sector on that date (ente-wide coordinators
 * included), and every ente-wide coordinator one more for the ente-wide summary.
 *
 * The unique key is (ente, subject, recipient) with the week in the subject and no date: a
 * (sector, week, recipient) can exist once, so moving the digest day re-schedules the pending row
 * and never adds a second digest for a week already sent.
 */
import { DateTime } from 'luxon';
import type { IsoDate } from '../domain/plan.js';
import type { PlanSnapshot } from '../domain/plan-state.js';
import type { WorkingCalendar } from '../domain/calendar.js';
import type { ReminderSettings } from '../domain/reminder-settings.js';
import { inQuietHours } from '../domain/reminder-settings.js';
import { coordinatorsFor, enteWideCoordinators } from '../domain/responsibility.js';
import { reportSectorCodes } from '../reports/report.js';

export const DIGEST_KIND = 'digest';
export const ENTE_SCOPE = 'ente';

export type DigestReason = { scope: 'sector'; sector: string; week: string } | { scope: 'ente'; week: string };

export interface PlannedDigest {
  key: string;
  kind: typeof DIGEST_KIND;
  /** `digest:<SECTOR>@<ISO week>` or `digest:ente@<ISO week>` */
  subject: string;
  recipient: string;
  /** local date it is sent */
  dueDate: IsoDate;
  step: 'weekly';
  sendAt: Date;
  reason: DigestReason;
}

/** The ISO week of a date, `2022-W16`. */
export function isoWeekOf(date: IsoDate): string {
  return DateTime.fromISO(date).toFormat("kkkk-'W'WW");
}

export function digestKey(ente: string, subject: string, recipient: string): string {
  return [ente, DIGEST_KIND, subject, recipient].join('|');
}

/** The due date of the digest of the ISO week starting on `monday`: the weekday, or the next working day. */
function dueDateOf(calendar: WorkingCalendar, monday: DateTime, weekday: number): IsoDate {
  return calendar.nextWorkingDay(monday.plus({ days: weekday - 1 }).toISODate() as string);
}

/** Digests to send between `from` and `to` (inclusive local dates). */
export function planDigests(input: { snapshot: PlanSnapshot; settings: ReminderSettings; calendar: WorkingCalendar; from: IsoDate; to: IsoDate }): PlannedDigest[] {
  const { snapshot, settings, calendar, from, to } = input;
  if (settings.paused || !settings.digest.enabled) return [];
  const paused = new Set(settings.pausedPeople);
  const time = inQuietHours(settings.digest.time, settings.quietHours) ? settings.quietHours.to : settings.digest.time;
  // The sectors the digest can be built for: the report's (top-level units with objectives).
  const sectors = reportSectorCodes(snapshot);
  const out: PlannedDigest[] = [];
  const add = (subject: string, recipient: string, dueDate: IsoDate, reason: DigestReason) => {
    if (paused.has(recipient)) return;
    out.push({ key: digestKey(snapshot.ente.code, subject, recipient), kind: DIGEST_KIND, subject, recipient, dueDate, step: 'weekly', sendAt: calendar.atLocalTime(dueDate, time), reason });
  };
  // From the Monday of the week before `from`: a closed weekday can push a week's digest into the next week.
  const last = DateTime.fromISO(to).startOf('week');
  for (let monday = DateTime.fromISO(from).startOf('week').minus({ weeks: 1 }); monday <= last; monday = monday.plus({ weeks: 1 })) {
    const week = isoWeekOf(monday.toISODate() as string);
    let dueDate = dueDateOf(calendar, monday, settings.digest.weekday);
    // This week's day already passed (the day was moved earlier, a coordinator or the plan arrived mid-week):
    // today's digest instead, unless the week already had it (its key, one per week, is then already sent).
    if (dueDate < from && isoWeekOf(from) === week) {
      const today = calendar.nextWorkingDay(from);
      if (isoWeekOf(today) === week) dueDate = today;
    }
    if (dueDate < from || dueDate > to) continue;
    for (const sector of sectors) {
      for (const coordinator of coordinatorsFor(snapshot, sector, dueDate)) add(`${DIGEST_KIND}:${sector}@${week}`, coordinator, dueDate, { scope: 'sector', sector, week });
    }
    for (const coordinator of enteWideCoordinators(snapshot, dueDate)) add(`${DIGEST_KIND}:${ENTE_SCOPE}@${week}`, coordinator, dueDate, { scope: 'ente', week });
  }
  // Rows are created (and so claimed) in this order: a coordinator's ente summary before the sector digests it sums up.
  const enteFirst = (d: PlannedDigest) => (d.reason.scope === ENTE_SCOPE ? 0 : 1);
  return out.sort((a, b) => a.sendAt.getTime() - b.sendAt.getTime() || a.recipient.localeCompare(b.recipient) || enteFirst(a) - enteFirst(b) || a.key.localeCompare(b.key));
}
