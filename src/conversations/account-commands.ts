/**
 * Commands about the person and the ente rather than the check-in: `stato` (own items, or a sector's
 * digest), `lingua`, and `admin` (reminder settings, administrators only). None of them changes the
 * conversation's state; their writes run after the turn commits.
 */
import type { OutgoingMessage } from '../chat/port.js';
import { setLocale } from '../db/identity-store.js';
import { UNDELIVERED_LOOKBACK_DAYS, lastRemindersSent, undeliveredReminders } from '../db/reminder-history.js';
import { addDays } from '../domain/calendar-date.js';
import type { SectorDigest } from '../reports/digest.js';
import type { PlanSnapshot } from '../domain/plan-state.js';
import type { Locale } from '../i18n/messages.js';
import { formatDate } from '../i18n/format.js';
import { sectorTrend } from '../reports/sector-trend.js';
import { loadReminderSettings, updateReminderSettings } from '../db/settings-store.js';
import { hasRole } from '../domain/responsibility.js';
import { referenceDate } from '../domain/reference-date.js';
import { describeSettingsError, parseSettingsChange } from '../domain/reminder-settings-change.js';
import { describeSettings } from '../domain/reminder-settings-description.js';
import { isLocale, translator } from '../i18n/messages.js';
import { statusMessage } from './checkin-messages.js';
import { pendingByCheckpoint } from './checkin-end.js';
import { readableSectors, readsWholeEnte, sectorStatusReply } from './status-digest.js';
import type { Turn } from './turn.js';

/** `stato`: the person's own pending items; `stato SETTORE`: a sector's digest for those who may read it. */
export async function status(turn: Turn, sector: string): Promise<OutgoingMessage[]> {
  const { snapshot, person, ctx } = turn;
  // The same date the check-in reads the plan at: a plan whose year is over is read at its last checkpoint.
  const today = referenceDate(snapshot.plan, turn.today);
  if (sector) {
    // Read-only, and slow with its chart: built after the turn (which changes nothing) committed.
    const { db } = turn;
    turn.afterCommit.push(async () => {
      // Undelivered reminders of the past week of real time, as in the weekly digest.
      const failedReminders = await undeliveredReminders(db, snapshot.ente.code, addDays(turn.today, -UNDELIVERED_LOOKBACK_DAYS), turn.today);
      const reply = sectorStatusReply(snapshot, { person: person.code, sector, today, locale: ctx.locale, t: ctx.t, lastReminders: await lastRemindersSent(db, snapshot.ente.code), failedReminders });
      if (!reply.digest) return reply.messages;
      // The chart is best effort, as after the weekly digest: a failure leaves the text alone.
      const chart = await sectorChart(reply.digest, snapshot, ctx.locale).catch((error: unknown) => {
        turn.hooks.afterCommitFailed?.(error);
        return [];
      });
      return [...reply.messages, ...chart];
    });
    return [];
  }
  const replies = [statusMessage(pendingByCheckpoint(turn), person.code, ctx)];
  const readable = readableSectors(snapshot, person.code, today);
  if (readable.length > 0) replies.push({ text: ctx.t('statusDigest.hint', { sectors: readable.join(', '), first: readable[0]! }) });
  if (readsWholeEnte(snapshot, person.code, today)) replies.push({ text: ctx.t('statusDigest.hintEnte') });
  return replies;
}

/**
 * The sector's chart after `stato SETTORE`, as the weekly digest sends it: drawn after the turn
 * committed (the chart stack is slow and loaded only when needed), sent through the port's image
 * sending.
 */
async function sectorChart(digest: SectorDigest, snapshot: PlanSnapshot, locale: Locale): Promise<OutgoingMessage[]> {
  const { renderDigestChart } = await import('../reports/digest-chart.js');
  const png = await renderDigestChart(digest, locale, sectorTrend(snapshot, digest.sector.code, digest.asOf));
  const caption = translator(locale)('digestChart.caption', { code: digest.sector.code, date: formatDate(digest.asOf, locale) });
  return [{ text: caption, image: { png, filename: `digest-${digest.sector.code}-${digest.asOf}.png`, caption } }];
}

/** `lingua it|en`: the person's language, from this reply on. */
export function language(turn: Turn, args: string): OutgoingMessage[] {
  const wanted = args.trim().toLowerCase();
  if (!isLocale(wanted)) return [{ text: turn.ctx.t('checkin.languageUsage') }];
  const person = turn.person;
  turn.afterCommit.push(async () => {
    await setLocale(turn.db, person, wanted);
    return [];
  });
  turn.ctx = { ...turn.ctx, t: translator(wanted), locale: wanted };
  return [{ text: turn.ctx.t('checkin.language') }];
}

/** `/perfbot admin …`: reminder settings, for administrators only (audited by the settings store). */
export async function admin(turn: Turn, args: string): Promise<OutgoingMessage[]> {
  const { t } = turn.ctx;
  if (!hasRole(turn.snapshot, turn.person.code, 'admin', turn.today)) return [{ text: t('admin.notAllowed') }];
  const enteCode = turn.snapshot.ente.code;
  const settings = await loadReminderSettings(await turn.lock.take(), enteCode);
  if (!args.trim()) return [{ text: t('admin.current', { settings: describeSettings(settings) }) }, { text: t('admin.usage') }];
  const change = parseSettingsChange(args, settings, new Set(turn.snapshot.people.map((p) => p.code)));
  if (!change.ok) return [{ text: t('admin.invalid', { error: describeSettingsError(change.error, t) }) }, { text: t('admin.usage') }];
  const by = turn.person.code;
  turn.afterCommit.push(async () => {
    const updated = await updateReminderSettings(turn.db, enteCode, change.patch, by);
    await turn.hooks.settingsChanged?.(enteCode);
    return [{ text: t('admin.updated', { settings: describeSettings(updated) }) }];
  });
  return [];
}
