/**
 * The chat messages of the weekly digest, built at send time from the report of that day: a
 * sector's digest, or the ente-wide summary, in the recipient's language. Each is one platform-free
 * message whose text is the digest text; the adapters split a long one at paragraph boundaries
 * (Slack: 50 blocks and 3,000 characters per section; Telegram: 4,096 characters).
 */
import type { OutgoingMessage } from '../chat/port.js';
import type { IsoDate } from '../domain/plan.js';
import type { PlanSnapshot } from '../domain/plan-state.js';
import type { Locale } from '../i18n/messages.js';
import type { Report } from './report-schema.js';
import { buildSectorDigest, type FailedReminder, type SectorDigest } from './digest.js';
import { renderDigestText } from './digest-text.js';
import { buildEnteSummary } from './ente-summary.js';
import { renderEnteSummaryText } from './ente-summary-text.js';

export interface DigestMessageInput {
  report: Report;
  snapshot: PlanSnapshot;
  locale: Locale;
  /** person → local date of their last reminder, for the "waiting for answers" line */
  lastReminders?: Map<string, IsoDate>;
  /** reminders that failed for good lately, for the "not delivered" line */
  failedReminders?: FailedReminder[];
}

function namesOf(snapshot: PlanSnapshot): Map<string, string> {
  return new Map(snapshot.people.map((p) => [p.code, p.name]));
}

/** A sector's digest (also returned, for a chart of the same numbers); throws RangeError for a sector with no objectives. */
export function sectorDigestMessages(input: DigestMessageInput, sector: string): { digest: SectorDigest; messages: OutgoingMessage[] } {
  const digest = buildSectorDigest(input.report, input.snapshot, sector, input.lastReminders, input.failedReminders);
  return { digest, messages: [{ text: renderDigestText(digest, namesOf(input.snapshot), input.locale) }] };
}

/** The ente-wide summary. */
export function enteSummaryMessages(input: DigestMessageInput): OutgoingMessage[] {
  return [{ text: renderEnteSummaryText(buildEnteSummary(input.report, input.snapshot), namesOf(input.snapshot), input.locale) }];
}
