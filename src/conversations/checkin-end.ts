/**
 * What the person is told when a check-in is over, and the pending items `stato` lists, both by
 * monitoring date: what was saved, what is left and for when (issue 14). Built from the turn's plan
 * snapshot, which does not hold the answers this turn saved: those are taken from the state.
 */
import type { OutgoingMessage } from '../chat/port.js';
import { formatDate } from '../i18n/format.js';
import { referenceDate } from '../domain/reference-date.js';
import { itemKey, type CheckinItem } from './checkin-state.js';
import { myPendingItems } from './checkin-flow.js';
import type { Turn } from './turn.js';

/** Pending items of one monitoring date; `upcoming` when the date has not come yet. */
export interface PendingGroup {
  asOf: string;
  items: CheckinItem[];
  upcoming: boolean;
}

/** The next monitoring date after `asOf` that is still open, or null after the last one. */
function nextCheckpoint(turn: Turn, asOf: string): string | null {
  const closed = new Set(turn.snapshot.plan.closedCheckpoints ?? []);
  return [...turn.snapshot.plan.checkpoints].sort().find((c) => c > asOf && !closed.has(c)) ?? null;
}

/**
 * The person's pending items by monitoring date: every open date up to the conversation's reference
 * date that has some, then the next date to come (what will be asked then).
 */
export function pendingByCheckpoint(turn: Turn): PendingGroup[] {
  const { snapshot, today } = turn;
  const reference = referenceDate(snapshot.plan, today);
  const closed = new Set(snapshot.plan.closedCheckpoints ?? []);
  const groups: PendingGroup[] = [];
  const checkpoints = [...snapshot.plan.checkpoints].sort();
  for (const checkpoint of checkpoints) {
    if (checkpoint > reference || closed.has(checkpoint)) continue;
    const items = myPendingItems(turn, checkpoint);
    if (items.length > 0) groups.push({ asOf: checkpoint, items, upcoming: false });
  }
  const coming = checkpoints.find((c) => c > reference && !closed.has(c));
  if (coming) {
    const items = myPendingItems(turn, coming);
    if (items.length > 0) groups.push({ asOf: coming, items, upcoming: true });
  }
  return groups;
}

/**
 * The closing message of a check-in: how many answers were saved (and skipped), then the next
 * monitoring date and how many items are left for it, or that this was the plan's last one.
 */
export function endOfCheckin(turn: Turn): OutgoingMessage {
  const { state, ctx } = turn;
  const { t, locale } = ctx;
  const asOf = state.items.map((i) => i.asOf).sort().at(-1) ?? turn.today;
  const saved = state.items.filter((i) => state.saved.includes(itemKey(i)));
  const answered = saved.filter((i) => state.drafts[itemKey(i)]?.kind !== 'skipped').length;
  const skipped = saved.length - answered;
  const lines = [t(answered === 1 ? 'checkin.end.doneOne' : 'checkin.end.done', { date: formatDate(asOf, locale), count: answered })];
  if (skipped > 0) lines.push(t(skipped === 1 ? 'checkin.end.skippedOne' : 'checkin.end.skipped', { count: skipped }));
  const next = nextCheckpoint(turn, asOf);
  if (!next) {
    lines.push(t('checkin.end.last'));
    return { text: lines.join('\n') };
  }
  // A phase reported complete now is not asked again (the snapshot predates this turn's answers).
  const complete = new Set(state.items.filter((i) => { const d = state.drafts[itemKey(i)]; return i.kind === 'phase' && d?.kind === 'phase' && d.pct >= 100; }).map((i) => `${i.objective}/${i.code}`));
  const left = myPendingItems(turn, next).filter((i) => !(i.kind === 'phase' && complete.has(`${i.objective}/${i.code}`)));
  const date = formatDate(next, locale);
  if (left.length === 0) lines.push(t('checkin.end.nothingLeft', { date }));
  else lines.push(t(left.length === 1 ? 'checkin.end.leftOne' : 'checkin.end.left', { count: left.length, date }), t(next <= turn.today ? 'checkin.end.startNow' : 'checkin.end.later', { date }));
  return { text: lines.join('\n') };
}
