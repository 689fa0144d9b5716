/**
 * Prisma CLI configuration. The schema, migrations and driver adapter follow DATABASE_URL:
 * `file:` → SQLite (the embedded default), `postgres(ql)://` → PostgreSQL. The JS schema engine
 * (`engine: "js"`) is used because the native one cannot be downloaded on these machines.
 */
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaLibSQL } from '@prisma/adapter-libsql';
import { PrismaPg } from '@prisma/adapter-pg';
import { withNameColumnsAsText } from './src/db/pg-name-type-workaround.js';

process.env.DATABASE_URL ??= 'file:./data/perfbot.db';
const url = process.env.DATABASE_URL;
const provider = /^postgres(ql)?:/.test(url) ? 'postgresql' : 'sqlite';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', provider, 'schema.prisma'),
  migrations: { path: path.join('prisma', provider, 'migrations') },
  async adapter() {
    if (provider === 'postgresql') return withNameColumnsAsText(new PrismaPg({ connectionString: url }));
    // Plain libsql (no WAL): the test template file is copied as one file, so it must not keep a -wal.
    return new PrismaLibSQL({ url });
  },
});
