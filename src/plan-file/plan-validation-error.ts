/** One problem found in a plan file: where (file, path), what value, and why. */
export interface PlanIssue {
  file: string;
  /** Dotted path inside the file; list items are named by their code when they have one, e.g. `objectives[RU-1].phases[3.a].weight`. */
  path: string;
  value?: unknown;
  message: string;
  /** For warnings: their kind (schema.ts WARNING_CODES), what a plan file's acknowledgement names. */
  code?: string;
}

/**
 * Thrown when a plan file cannot be imported: it is unreadable, breaks the `perfbot/plan@1` schema,
 * or refers to things it does not define. Carries every problem found, so one run reports them all;
 * nothing is written when it is thrown.
 */
export class PlanValidationError extends Error {
  constructor(
    readonly file: string,
    readonly issues: PlanIssue[],
  ) {
    super(`${file}: ${issues.length} error(s) in the plan file`);
    this.name = 'PlanValidationError';
  }
}

/** One line per issue: `file: path: message (value: …)`. */
export function formatPlanIssue(issue: PlanIssue): string {
  const where = issue.path ? `${issue.file}: ${issue.path}` : issue.file;
  const value = issue.value === undefined ? '' : ` (value: ${JSON.stringify(issue.value)})`;
  return `${where}: ${issue.message}${value}`;
}
