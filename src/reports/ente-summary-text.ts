/**
 * The ente-wide summary as text (light markup: *bold*), in the recipient's language. One paragraph
 * per sector and per sector needing attention, so the chat adapters can split a long summary
 * between sectors and never inside one.
 */
import type { EnteSummary } from './ente-summary.js';
import { translator, type Locale } from '../i18n/messages.js';
import { formatDate, formatPct } from '../i18n/format.js';

const TITLE_CHARS = 60;

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function renderEnteSummaryText(summary: EnteSummary, names: Map<string, string>, locale: Locale): string {
  const t = translator(locale);
  const name = (code: string | null) => (code ? (names.get(code) ?? code) : '—');
  const count = (key: string, n: number) => t(`enteSummary.${key}.${n === 1 ? 'one' : 'other'}`, { n });
  const header = [
    t('enteSummary.header', { ente: summary.ente, date: formatDate(summary.asOf, locale) }),
    t('enteSummary.overall', { pct: formatPct(summary.pct, locale, 2), count: summary.sectors.length }),
  ].join('\n');
  const sectors = summary.sectors.map((s) => {
    const counts = Object.entries(s.counts).map(([status, n]) => `${t(`status.${status}`)} ${n}`);
    return [
      t('enteSummary.sector', { code: s.code, name: s.name, dirigente: name(s.dirigente) }),
      t('enteSummary.sectorLine', {
        pct: formatPct(s.pct, locale, 2),
        method: t(`method.${s.method}`),
        objectives: s.objectives,
        counts: counts.length > 0 ? ` (${counts.join(', ')})` : '',
        overdue: s.overduePhases,
        pending: s.pendingPeople === 0 ? t('enteSummary.noPending') : t('enteSummary.pending', { people: count('people', s.pendingPeople), items: count('items', s.pendingItems) }),
      }),
    ].join('\n');
  });
  const attention =
    summary.attention.length === 0
      ? [t('enteSummary.noAttention')]
      : [
          t('enteSummary.attention'),
          ...summary.attention.map((a) => {
            const lines = [t('enteSummary.attentionSector', { code: a.sector.code, name: a.sector.name })];
            if (a.immediate.length > 0) lines.push(t('enteSummary.immediate', { list: a.immediate.map((o) => t('enteSummary.objective', { code: o.code, title: shorten(o.title, TITLE_CHARS) })).join('; ') }));
            if (a.longestOverdue.length > 0) {
              lines.push(t('enteSummary.longestOverdue', { list: a.longestOverdue.map((p) => t('enteSummary.overduePhase', { objective: p.objective, code: p.code, title: shorten(p.title, TITLE_CHARS), days: p.daysLate })).join('; ') }));
            }
            return lines.join('\n');
          }),
        ];
  return `${[header, ...sectors, ...attention].join('\n\n')}\n`;
}
