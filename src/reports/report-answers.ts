/**
 * Who gave the answers an objective's report entry shows, and as at which date: the reader of the
 * text report sees who to ask about a number, as the JSON, CSV, xlsx and digest already tell.
 * The entries are the ones `buildReport` picked (the latest on or before the report's date).
 */
import type { IsoDate } from '../domain/plan.js';
import type { PlanSnapshot } from '../domain/plan-state.js';
import { latestOnOrBefore } from '../domain/pending-items.js';
import type { Report } from './report-schema.js';

/** One person's answers on one date, for one objective. */
export interface ObjectiveAnswers {
  /** person code; null when the record does not say who */
  person: string | null;
  date: IsoDate;
  phases: string[];
  indicators: string[];
}

/** The answers behind each objective of `report`, grouped by person and date, latest date first. */
export function objectiveAnswers(snapshot: PlanSnapshot, report: Report): Map<string, ObjectiveAnswers[]> {
  const progress = new Map<string, PlanSnapshot['phaseProgress']>();
  for (const p of snapshot.phaseProgress) {
    const key = `${p.objective}/${p.phase}`;
    const list = progress.get(key);
    if (list) list.push(p);
    else progress.set(key, [p]);
  }
  const out = new Map<string, ObjectiveAnswers[]>();
  for (const objective of report.objectives) {
    const groups = new Map<string, ObjectiveAnswers>();
    const entry = (person: string | null, date: IsoDate) => {
      const key = `${date}\u0000${person ?? ''}`;
      let found = groups.get(key);
      if (!found) groups.set(key, (found = { person, date, phases: [], indicators: [] }));
      return found;
    };
    for (const phase of objective.phases) {
      if (phase.lastReportAt === null) continue;
      const last = latestOnOrBefore(progress.get(`${objective.code}/${phase.code}`) ?? [], report.asOf);
      if (last) entry(last.by ?? null, last.asOf).phases.push(phase.code);
    }
    for (const indicator of objective.indicators) {
      if (indicator.value) entry(indicator.value.by, indicator.value.at).indicators.push(indicator.code);
    }
    out.set(
      objective.code,
      [...groups.values()].sort((a, b) => b.date.localeCompare(a.date) || (a.person ?? '').localeCompare(b.person ?? '')),
    );
  }
  return out;
}
