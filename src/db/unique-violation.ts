/**
 * Recognising a lost race between two writers of one subject's current value: the partial unique
 * indexes "<Table>_current_key" (one current row per subject and date, migration one_current_value)
 * and the unique `supersedesId` (one correction per row) refuse the second writer. Its transaction is
 * rolled back, so the caller can run it again from a fresh read and supersede the winner's row.
 *
 * The refusal comes in several shapes, depending on who reports it: Prisma's P2002 (a model query)
 * or P2010 (a raw query, as bulk-insert.ts runs) carrying the driver adapter's error, the adapter's
 * DriverAdapterError itself, or the raw driver's error (pg: code 23505 and the constraint's name;
 * libsql: SQLITE_CONSTRAINT_UNIQUE, extended code 2067, and "Table.column, …" in the message).
 */

const VALUE_TABLES = ['PhaseProgress', 'Measurement', 'Assessment'] as const;
const SUBJECT_COLUMN: Record<(typeof VALUE_TABLES)[number], string> = { PhaseProgress: 'phaseId', Measurement: 'indicatorId', Assessment: 'objectiveId' };

/** PostgreSQL names the index; SQLite lists the table's columns. */
const INDEX_NAME = new RegExp(`\\b(${VALUE_TABLES.join('|')})_(current_key|supersedesId_key)\\b`);
const SQLITE_COLUMNS = new RegExp(`\\b(${VALUE_TABLES.join('|')})\\.(\\w+)(?:, (?:${VALUE_TABLES.join('|')})\\.(\\w+))?`);

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null;

/** The error and everything it wraps (Prisma's meta, the adapter's error, causes), a few levels deep. */
function layers(error: unknown): Node[] {
  const found: Node[] = [];
  const visit = (value: unknown, depth: number) => {
    if (!isNode(value) || depth > 5 || found.includes(value)) return;
    found.push(value);
    visit(value.meta, depth + 1);
    visit(value.driverAdapterError, depth + 1);
    visit(value.cause, depth + 1);
  };
  visit(error, 0);
  return found;
}

function saysUnique(node: Node): boolean {
  const codes = [node.code, node.originalCode, node.extendedCode, node.rawCode].map((c) => (c === undefined ? '' : String(c)));
  return node.kind === 'UniqueConstraintViolation' || codes.some((c) => c === 'P2002' || c === '23505' || c === '2067' || c === 'SQLITE_CONSTRAINT_UNIQUE');
}

/** Whether columns refused together are one of the guarded keys: (subject, asOf) or supersedesId. */
function guardedColumns(table: string | undefined, columns: string[]): boolean {
  const bare = columns.map((c) => c.replace(/"/g, ''));
  if (bare.length === 1) return bare[0] === 'supersedesId' && (table === undefined || (VALUE_TABLES as readonly string[]).includes(table));
  if (bare.length !== 2 || bare[1] !== 'asOf') return false;
  const tables = table === undefined ? VALUE_TABLES : VALUE_TABLES.filter((t) => t === table);
  return tables.some((t) => SUBJECT_COLUMN[t] === bare[0]);
}

/** Whether a layer names one of the guarded indexes (by name, by the message's columns, or by fields). */
function namesGuardedIndex(node: Node, model: string | undefined): boolean {
  const texts = [node.message, node.originalMessage, node.constraint, node.target, isNode(node.constraint) ? node.constraint.index : undefined].filter((t): t is string => typeof t === 'string');
  if (texts.some((text) => INDEX_NAME.test(text))) return true;
  for (const text of texts) {
    const columns = SQLITE_COLUMNS.exec(text);
    if (columns && guardedColumns(columns[1], [columns[2]!, ...(columns[3] ? [columns[3]] : [])])) return true;
  }
  const fields = isNode(node.constraint) && Array.isArray(node.constraint.fields) ? node.constraint.fields : Array.isArray(node.target) ? node.target : undefined;
  return fields !== undefined && fields.every((f) => typeof f === 'string') && guardedColumns(model, fields as string[]);
}

/**
 * True when `error` is a unique violation of a current-value index (or of `supersedesId`) of phase
 * progress, measurements or assessments: another writer stored a value for the same subject and date
 * first, and the whole write should run again on what it left.
 */
export function isCurrentValueConflict(error: unknown): boolean {
  const all = layers(error);
  if (!all.some(saysUnique)) return false;
  const model = all.map((n) => n.modelName).find((m): m is string => typeof m === 'string');
  return all.some((node) => namesGuardedIndex(node, model));
}

/**
 * Runs a transaction of its own again when it lost a current-value race (see
 * `isCurrentValueConflict`): each run reads afresh, so the retry supersedes what the winner stored.
 * For writers outside a chat turn (the console, imports); the engine's turn loop retries its own.
 */
export async function retryOnCurrentValueConflict<T>(run: () => Promise<T>, attempts = 10): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !isCurrentValueConflict(error)) throw error;
    }
  }
}
