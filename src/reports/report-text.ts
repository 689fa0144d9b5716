/**
 * The report as a readable table per sector, in the ente's language (Italian by default):
 * what `perfbot report --format text` prints. Numbers come from buildReport, never recomputed.
 * Under each objective: why it has its status class (the rule or assessment that set it) and who
 * gave the answers it shows, as at which date.
 */
import type { PlanSnapshot } from '../domain/plan-state.js';
import type { Report, ReportObjective } from './report-schema.js';
import { statusBases } from './report.js';
import type { StatusBasis } from './status-basis.js';
import { objectiveAnswers, type ObjectiveAnswers } from './report-answers.js';
import { fitToWidth } from './text-columns.js';
import { plainTranslator, type Locale, type Translate } from '../i18n/messages.js';
import { formatDate, formatNumber, formatPct } from '../i18n/format.js';

const pad = fitToWidth;
/** Indent of the lines under an objective's row. */
const DETAIL = '      ';

/** Renders the report of `snapshot`'s plan; names of people, ente and plan come from the snapshot. */
export function renderReportText(report: Report, snapshot: PlanSnapshot, locale: Locale): string {
  const t = plainTranslator(locale);
  const names = new Map(snapshot.people.map((p) => [p.code, p.name]));
  const person = (code: string | null) => (code === null ? t('report.none') : (names.get(code) ?? code));
  const bases = statusBases(snapshot, report);
  const answers = objectiveAnswers(snapshot, report);
  const lines: string[] = [t('report.title', { ente: snapshot.ente.name, plan: snapshot.plan.title, date: formatDate(report.asOf, locale) })];
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
    for (const listed of own) {
      const objective = byCode.get(listed.code) ?? listed;
      lines.push(objectiveLine(objective, locale, t));
      const basis = bases.get(objective.code) ?? null;
      if (basis) lines.push(`${DETAIL}${explainStatus(basis, locale, t, person)}`);
      const given = answers.get(objective.code) ?? [];
      if (given.length > 0) lines.push(`${DETAIL}${t('report.answers', { list: given.map((a) => answerEntry(a, locale, t, person)).join('; ') })}`);
    }
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

/** One sentence: the rule of P10 (domain.md §4.3) with the numbers it was applied to, or the assessment that declared the class. */
function explainStatus(basis: StatusBasis, locale: Locale, t: Translate, person: (code: string | null) => string): string {
  const status = t(`status.${basis.status}`);
  switch (basis.rule) {
    case 'assessment':
      return t('report.why.assessment', {
        status,
        person: basis.by === null ? t('report.unknownPerson') : person(basis.by),
        kind: t(`report.why.assessmentKind.${basis.kind}`),
        date: formatDate(basis.asOf, locale),
      });
    case 'objective':
      return t('report.why.objective', { status });
    case 'final':
      return t('report.why.final', {
        status,
        pct: formatPct(basis.pct, locale, 2),
        onTrack: formatNumber(basis.thresholds.finalOnTrackMinPct, locale),
        started: formatNumber(basis.thresholds.finalActionsStartedMinPct, locale),
      });
    case 'intermediate': {
      const facts = basis.overdue.map((p) => t('report.why.late', { code: p.code, days: p.daysLate }));
      if (basis.gapPhase !== null) facts.push(t('report.why.gap', { gap: formatNumber(basis.gap, locale, 1), phase: basis.gapPhase }));
      if (facts.length === 0) facts.push(t('report.why.noGap'));
      return t('report.why.intermediate', {
        status,
        facts: facts.join(', '),
        onTrack: formatNumber(basis.thresholds.intermediateOnTrackMaxGap, locale),
        started: formatNumber(basis.thresholds.intermediateActionsStartedMaxGap, locale),
      });
    }
  }
}

function answerEntry(answers: ObjectiveAnswers, locale: Locale, t: Translate, person: (code: string | null) => string): string {
  const items = [
    answers.phases.length > 0 ? t('report.answerPhases', { list: answers.phases.join(', ') }) : null,
    answers.indicators.length > 0 ? t('report.answerIndicators', { list: answers.indicators.join(', ') }) : null,
  ].filter((x): x is string => x !== null);
  return t('report.answerEntry', { person: answers.person === null ? t('report.unknownPerson') : person(answers.person), date: formatDate(answers.date, locale), items: items.join(' · ') });
}
