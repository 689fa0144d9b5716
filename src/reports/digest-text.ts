/**
 * The sector digest as text (light markup: *bold*), in the ente's language: what `perfbot digest`
 * prints and what the chat serializers split into messages. One paragraph per objective, so a
 * splitter can cut between objectives and never inside one.
 */
import { DELIVERABLE, type SectorDigest } from './digest.js';
import { translator, type Locale } from '../i18n/messages.js';
import { formatDate, formatNumber, formatPct } from '../i18n/format.js';

export interface DigestParagraphs {
  header: string;
  objectives: string[];
  footer: string;
}

export function renderDigestParagraphs(digest: SectorDigest, names: Map<string, string>, locale: Locale): DigestParagraphs {
  const t = translator(locale);
  const name = (code: string | null) => (code ? (names.get(code) ?? code) : '—');
  const counts = Object.entries(digest.counts).map(([status, n]) => `${t(`status.${status}`)} ${n}`);
  const header = [
    t('digest.header', { code: digest.sector.code, name: digest.sector.name, dirigente: name(digest.dirigente), date: formatDate(digest.asOf, locale) }),
    t('digest.overall', { pct: formatPct(digest.pct, locale, 2), method: t(`method.${digest.method}`), count: digest.objectives.length, counts: counts.length > 0 ? ` (${counts.join(', ')})` : '' }),
  ].join('\n');
  const objectives = digest.objectives.map((o) => {
    const tags = [
      o.weight !== null ? t('digest.tags.weight', { weight: formatNumber(o.weight, locale) }) : null,
      o.priority ? t('digest.tags.priority', { priority: o.priority }) : null,
      o.responsible ? t('digest.tags.responsible', { name: name(o.responsible) }) : null,
      o.transversal ? t('digest.tags.transversal') : null,
    ].filter(Boolean);
    const lines = [t('digest.objective', { code: o.code, title: o.title, tags: tags.length > 0 ? ` — ${tags.join(', ')}` : '' })];
    lines.push(
      o.plannedPct === null
        ? t('digest.noPhases')
        : t('digest.phases', { done: o.phasesDone, total: o.phasesTotal, planned: formatPct(o.plannedPct, locale), actual: formatPct(o.actualPct, locale), gap: formatNumber(Math.round((o.gapPct ?? 0) * 10) / 10, locale, 1) }),
    );
    if (o.dueSoon.length > 0) lines.push(t('digest.dueSoon', { list: o.dueSoon.map((p) => `${p.code} (${formatDate(p.deadline, locale)})`).join(', ') }));
    if (o.overdue.length > 0) lines.push(t('digest.overdue', { list: o.overdue.map((p) => t('digest.overduePhase', { code: p.code, days: p.daysLate })).join(', ') }));
    for (const i of o.indicators) {
      lines.push(
        t('digest.indicator', {
          code: i.code,
          name: i.name.length > 60 ? `${i.name.slice(0, 59)}…` : i.name,
          target: i.target === DELIVERABLE ? t('digest.deliverable') : (i.target ?? '—'),
          value: i.status !== 'measured' && i.status !== 'not_reported' ? t(`checkin.status_words.${i.status}`) : (i.value ?? '—'),
          when: i.at ? t('digest.when', { date: formatDate(i.at, locale), person: name(i.by) }) : '',
          deviation: i.deviation === null ? '—' : formatNumber(i.deviation, locale),
          met: i.met === null ? t('digest.unknown') : i.met ? t('digest.met') : t('digest.notMet'),
        }),
      );
    }
    lines.push(t('digest.status', { status: o.status ? t(`status.${o.status}`) : '—', pct: formatPct(o.pct, locale) }));
    return lines.join('\n');
  });
  const pending = digest.pending.map((p) =>
    t(p.items === 1 ? 'digest.pendingEntryOne' : 'digest.pendingEntry', { person: name(p.person), items: p.items, reminder: p.lastReminder ? t('digest.lastReminder', { date: formatDate(p.lastReminder, locale) }) : '' }),
  );
  const waiting = pending.length > 0 ? t('digest.pending', { list: pending.join('; ') }) : t('digest.noPending');
  const undelivered = (digest.undelivered ?? []).map((u) => t(u.items === 1 ? 'digest.undeliveredEntryOne' : 'digest.undeliveredEntry', { person: name(u.person), date: formatDate(u.date, locale), items: u.items }));
  const footer = undelivered.length > 0 ? `${waiting}\n${t('digest.undelivered', { list: undelivered.join('; ') })}` : waiting;
  return { header, objectives, footer };
}

/** The whole digest as one text. */
export function renderDigestText(digest: SectorDigest, names: Map<string, string>, locale: Locale): string {
  const { header, objectives, footer } = renderDigestParagraphs(digest, names, locale);
  return `${[header, ...objectives, footer].join('\n\n')}\n`;
}
