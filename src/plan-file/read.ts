/**
 * Reads a plan file (JSON or YAML), validates it against `perfbot/plan@1` and resolves every
 * reference. Returns the plan with warnings (weights not summing to 100 …, less those the file
 * acknowledges) or throws one
 * PlanValidationError listing every error with file, path and value.
 */
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { planFileSchema, type PlanFile } from './schema.js';
import { PlanValidationError, type PlanIssue } from './plan-validation-error.js';
import { checkReferences, type LoosePlan } from './references.js';
import { checkWeights } from './weights.js';
import { sortWarnings } from './acknowledged-warnings.js';

export interface ReadPlan {
  plan: PlanFile;
  /** warnings to show (acknowledged-warnings.ts) */
  warnings: PlanIssue[];
  /** warnings the plan file acknowledges as known: counted, not shown */
  acknowledged: PlanIssue[];
}

/** Names list items by their code (`objectives[RU-1]`) where the item has one, else by index. */
export function describePath(data: unknown, segments: ReadonlyArray<PropertyKey>): string {
  let node: unknown = data;
  let out = '';
  for (const segment of segments) {
    const child = node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[segment] : undefined;
    if (typeof segment === 'number') {
      const name = child !== null && typeof child === 'object' ? (child as { code?: unknown }).code : undefined;
      out += `[${typeof name === 'string' && name ? name : segment}]`;
    } else {
      out += out ? `.${String(segment)}` : String(segment);
    }
    node = child;
  }
  return out;
}

function valueAt(data: unknown, segments: ReadonlyArray<PropertyKey>): unknown {
  let node: unknown = data;
  for (const segment of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}

function schemaIssues(file: string, data: unknown, error: z.ZodError): PlanIssue[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return { file, path: describePath(data, issue.path), value: issue.keys, message: `unknown key(s): ${issue.keys.join(', ')}` };
    }
    if (issue.code === 'invalid_key') {
      const key = issue.path.at(-1);
      return { file, path: describePath(data, issue.path.slice(0, -1)), value: key, message: `invalid key: ${issue.issues[0]?.message ?? issue.message}` };
    }
    const value = valueAt(data, issue.path);
    if (value === undefined) return { file, path: describePath(data, issue.path), message: 'required key is missing' };
    return { file, path: describePath(data, issue.path), value, message: issue.message };
  });
}

/** How many alias expansions a YAML plan file may use (a real plan uses a handful, if any). */
const MAX_ALIAS_COUNT = 100;

function parseSyntax(file: string, text: string): unknown {
  if (/\.ya?ml$/i.test(file)) {
    const doc = parseDocument(text, { prettyErrors: false });
    if (doc.errors.length > 0) {
      throw new PlanValidationError(
        file,
        doc.errors.map((e) => ({ file, path: `line ${e.linePos?.[0]?.line ?? '?'}`, message: `YAML syntax: ${e.message.split('\n')[0]}` })),
      );
    }
    try {
      // The yaml default of 100 aliases stops a "billion laughs" file from expanding; its
      // ReferenceError is a property of the file, so it is reported as one.
      return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      throw new PlanValidationError(file, [{ file, path: '', message: `YAML: ${(error as Error).message.split('\n')[0]} (at most ${MAX_ALIAS_COUNT} aliases are expanded)` }]);
    }
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new PlanValidationError(file, [{ file, path: '', message: `JSON syntax: ${(error as Error).message}` }]);
  }
}

/** Validates the text of a plan file; `file` names it in messages and selects JSON or YAML by extension. */
export function parsePlanText(file: string, text: string): ReadPlan {
  const data = parseSyntax(file, text);
  const parsed = planFileSchema.safeParse(data);
  if (!parsed.success) {
    // Report reference errors in the same run, from the raw data, so one run lists everything.
    const raw = data !== null && typeof data === 'object' ? (data as LoosePlan) : {};
    const issues = schemaIssues(file, data, parsed.error);
    const reported = new Set(issues.map((i) => i.path));
    throw new PlanValidationError(file, [...issues, ...checkReferences(file, raw).filter((i) => !reported.has(i.path))]);
  }
  const errors = checkReferences(file, parsed.data);
  if (errors.length > 0) throw new PlanValidationError(file, errors);
  return { plan: parsed.data, ...sortWarnings(file, parsed.data, checkWeights(file, parsed.data)) };
}

/** Reads and validates a plan file from disk. */
export async function readPlanFile(file: string): Promise<ReadPlan> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new PlanValidationError(file, [{ file, path: '', message: reason }]);
  }
  return parsePlanText(file, text);
}
