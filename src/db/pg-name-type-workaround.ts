/**
 * Prisma 6.19 bug orm#27403: the schema engine reads catalog columns of the PostgreSQL type `name`
 * (type id 19), which @prisma/adapter-pg cannot deserialize ("Column type 'name' could not be
 * deserialized"), so `migrate deploy` fails. Reporting those columns as `text` (25) is exact for
 * reading them; used by prisma.config.ts only (application queries never select `name` columns).
 */
import type { PrismaPg } from '@prisma/adapter-pg';

const PG_NAME = 19;
const PG_TEXT = 25;

interface FieldsResult {
  fields?: Array<{ dataTypeID: number }>;
}
interface PerformsIO {
  performIO(query: unknown): Promise<FieldsResult | undefined>;
}

function reportNameAsText<T>(queryable: T): T {
  const target = queryable as unknown as PerformsIO;
  const performIO = target.performIO.bind(target);
  target.performIO = async (query) => {
    const result = await performIO(query);
    for (const field of result?.fields ?? []) if (field.dataTypeID === PG_NAME) field.dataTypeID = PG_TEXT;
    return result;
  };
  return queryable;
}

type Adapter = Awaited<ReturnType<PrismaPg['connect']>>;

function wrapAdapter(adapter: Adapter): Adapter {
  reportNameAsText(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (...args) => reportNameAsText(await startTransaction(...args));
  return adapter;
}

/** Wraps a PrismaPg factory so the migration engine can read `name`-typed catalog columns. */
export function withNameColumnsAsText(factory: PrismaPg): PrismaPg {
  const wrapped = Object.create(factory) as PrismaPg;
  wrapped.connect = async () => wrapAdapter(await factory.connect());
  wrapped.connectToShadowDb = async () => wrapAdapter(await factory.connectToShadowDb());
  return wrapped;
}
