/**
 * The report as a readable table per sector, in the ente's language (Italian by default):
 * what `perfbot report --format text` prints. Numbers come from buildReport, never recomputed.
 */
import type { Report, ReportObjective } from './report-schema.js';
import { plainTranslator, type Locale, type Translate } from '../i18n/messages.js';
import { formatDate, formatNumber, formatPct } from '../i18n/format.js';

interface Names {
  ente: string;
  plan: string;
  people: Map<string, string>;
}

function pad(text: string, width: number, right = false): string {
  const cut = text.length > width ? `${text.slice(0, width - 1)}…` : text;
  return right ? cut.padStart(width) : cut.padEnd(width);
}

/** Renders the report; `names` turns codes into the names people read. */
export function renderReportText(report: Report, names: Names, locale: Locale): string {
  const t = plainTranslator(locale);
  const person = (code: string | null) => (code === null ? t('report.none') : (names.people.get(code) ?? code));
  const lines: string[] = [t('report.title', { ente: names.ente, plan: names.plan, date: formatDate(report.asOf, locale) })];
  lines.push(t('report.overall', { pct: formatPct(report.pct, locale, 2) }), '');
  const byCode = new Map(report.objectives.map((o) => [o.code, o]));
  for (const sector of report.sectors) {
    lines.push(t('report.sector', { code: sector.code, name: sector.name }));
    lines.push(t('report.dirigente', { name: person(sector.dirigente) }));
    lines.push(t('report.sectorScore', { pct: formatPct(sector.pct, locale, 2), method: t(`method.${sector.method}`), count: sector.objectives, assessed: sector.assessed }));
    const counts = Object.entries(sector.status).map(([status, n]) => `${t(`status.${status}`)} ${n}`);
    if (counts.length > 0) lines.push(t('report.statusCounts', { counts: counts.join(', ') }));
    const c = (key: string) => t(`report.columns.${key}`);
    lines.push(
      `  ${pad(c('objective'), 44)} ${pad(c('weight'), 6, true)} ${pad(c('planned'), 8, true)} ${pad(c('actual'), 8, true)} ${pad(c('gap'), 7, true)} ${pad(c('pct'), 8, true)}  ${c('status')}`,
    );
    const own = report.objectives.filter((o) => o.sectors.includes(sector.code));
    for (const objective of own) lines.push(objectiveLine(byCode.get(objective.code) ?? objective, locale, t));
    const pending = sector.pending.map((p) => `${person(p.person)} (${p.items})`);
    lines.push(pending.length > 0 ? t('report.pending', { list: pending.join(', ') }) : t('report.noPending'), '');
  }
  return `${lines.join('\n')}\n`;
}

function objectiveLine(objective: ReportObjective, locale: Locale, t: Translate): string {
  const active = objective.phases.filter((p) => p.status === 'active' && p.plannedPct !== null);
  const mean = (values: number[]) => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);
  const planned = mean(active.map((p) => p.plannedPct as number));
  const actual = mean(active.map((p) => p.actualPct ?? 0));
  const gap = planned === null || actual === null ? null : planned - actual;
  const title = `${objective.code} ${objective.title}${objective.transversal ? ` [${t('report.transversal')}]` : ''}`;
  const weight = objective.weight === null ? t('report.none') : formatNumber(objective.weight, locale, 2);
  const gapText = gap === null ? t('report.none') : formatNumber(Math.round(gap * 10) / 10, locale, 1);
  return `  ${pad(title, 44)} ${pad(weight, 6, true)} ${pad(formatPct(planned, locale), 8, true)} ${pad(formatPct(actual, locale), 8, true)} ${pad(gapText, 7, true)} ${pad(formatPct(objective.pct, locale), 8, true)}  ${objective.status ? t(`status.${objective.status}`) : t('report.none')}`;
}
