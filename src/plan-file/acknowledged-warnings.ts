/**
 * A plan file's `acknowledgedWarnings` (plan-format.md): known inconsistencies of the source the
 * plan keeps as printed (Terre d'Argine's phase weights summing to 75 and 90). An import prints only
 * the warnings nobody has acknowledged and counts the others, so a new problem is not lost among
 * the known ones; an acknowledgement that matches no warning any more is itself a warning, so the
 * list does not outlive the problems it explains.
 */
import type { PlanIssue } from './plan-validation-error.js';
import type { PlanFile } from './schema.js';

export interface SortedWarnings {
  /** warnings to show: new ones, and acknowledgements that match nothing */
  warnings: PlanIssue[];
  /** warnings the plan file acknowledges */
  acknowledged: PlanIssue[];
}

type Acknowledgement = PlanFile['acknowledgedWarnings'][number];

function matches(ack: Acknowledgement, warning: PlanIssue): boolean {
  return ack.code === warning.code && ack.subject === warning.path && (ack.value === undefined || ack.value === warning.value);
}

/** Splits `found` into the warnings to print and those the plan acknowledges; unused acknowledgements become warnings. */
export function sortWarnings(file: string, plan: PlanFile, found: PlanIssue[]): SortedWarnings {
  const acks = plan.acknowledgedWarnings;
  const warnings: PlanIssue[] = [];
  const acknowledged: PlanIssue[] = [];
  const used = new Set<number>();
  for (const warning of found) {
    const index = acks.findIndex((ack) => matches(ack, warning));
    if (index < 0) warnings.push(warning);
    else {
      acknowledged.push(warning);
      used.add(index);
    }
  }
  acks.forEach((ack, index) => {
    if (used.has(index)) return;
    warnings.push({ file, path: `acknowledgedWarnings[${index}]`, value: ack.subject, message: `acknowledges a ${ack.code} warning the plan no longer gives: remove it` });
  });
  return { warnings, acknowledged };
}
