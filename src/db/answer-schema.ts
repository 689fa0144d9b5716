/**
 * The answer store's boundary check: what may be written as an answer. A second line behind the
 * parsers: NaN and ±∞ never reach the database (PostgreSQL would store NaN in a Decimal, SQLite a
 * null), and -0 is stored as 0.
 */
import { z } from 'zod';
import type { MeasuredValue } from '../domain/measured-value.js';
import { MEASUREMENT_STATUSES } from '../domain/measured-value.js';

/** A finite number; -0 becomes 0. */
const finite = z.number().refine(Number.isFinite, { message: 'not a finite number' }).transform((n) => (n === 0 ? 0 : n));

const measuredValue: z.ZodType<MeasuredValue> = z.lazy(() =>
  z.union([
    z.object({ kind: z.literal('number'), value: finite, approx: z.boolean().optional(), bound: z.enum(['gt', 'lt']).optional() }),
    z.object({ kind: z.literal('fraction'), numerator: finite, denominator: finite }),
    z.object({ kind: z.literal('boolean'), value: z.boolean(), actDate: z.string().optional(), actRef: z.string().optional() }),
    z.object({ kind: z.literal('date'), date: z.string() }),
    z.object({ kind: z.literal('composite'), parts: z.array(z.object({ label: z.string().optional(), value: measuredValue })) }),
    z.object({ kind: z.literal('text'), text: z.string(), progressPct: finite.optional() }),
  ]),
) as z.ZodType<MeasuredValue>;

const base = { objective: z.string().min(1), code: z.string().min(1), asOf: z.string().min(1), onBehalfOf: z.string().optional() };

/** One confirmed answer as the store accepts it: a measured indicator has a value. */
export const confirmedAnswerSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('phase'), ...base, pct: finite }),
    z.object({ kind: z.literal('indicator'), ...base, raw: z.string(), value: measuredValue.nullable(), status: z.enum(MEASUREMENT_STATUSES), note: z.string().optional() }),
  ])
  .refine((answer) => answer.kind === 'phase' || answer.status !== 'measured' || answer.value !== null, { message: 'a measured value is missing' });

/** Thrown by the answer store for an answer it refuses to write (a bug upstream: the parsers let it through). */
export class InvalidAnswerError extends Error {
  constructor(
    readonly label: string,
    readonly issue: string,
  ) {
    super(`answer ${label} refused: ${issue}`);
    this.name = 'InvalidAnswerError';
  }
}
