/**
 * One model, two databases: writes prisma/{sqlite,postgresql}/schema.prisma from prisma/models.prisma,
 * and with `--migrate <name>` adds a migration per provider from the diff against the schema snapshot
 * of the last migration (`prisma migrate dev` needs a shadow database and does not work here).
 * `--check` fails when the generated schemas or the migrations are behind the models (CI runs it).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const providers = ['sqlite', 'postgresql'] as const;
type Provider = (typeof providers)[number];

function header(provider: Provider): string {
  return `// GENERATED from prisma/models.prisma by scripts/generate-schemas.ts: do not edit.
generator client {
  provider     = "prisma-client"
  output       = "../../src/generated/${provider}"
  engineType   = "client"
  moduleFormat = "esm"
  runtime      = "nodejs"
}

datasource db {
  provider = "${provider}"
  url      = env("DATABASE_URL")
}

`;
}

function schemaText(provider: Provider): string {
  return header(provider) + readFileSync(path.join(root, 'prisma', 'models.prisma'), 'utf8');
}

function diffScript(provider: Provider, fromFile: string | null, toFile: string): string {
  const prisma = path.join(root, 'node_modules', '.bin', 'prisma');
  const from = fromFile ? ['--from-schema-datamodel', fromFile] : ['--from-empty'];
  return execFileSync(prisma, ['migrate', 'diff', ...from, '--to-schema-datamodel', toFile, '--script'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: diffDatabaseUrl(provider) },
  });
}

/** The JS schema engine connects even to diff two schema files: a scratch SQLite file, or the PostgreSQL server in PERFBOT_PG_URL. */
function diffDatabaseUrl(provider: Provider): string {
  if (provider === 'sqlite') {
    mkdirSync(path.join(root, 'data'), { recursive: true });
    return 'file:./data/schema-diff.db';
  }
  const url = process.env.PERFBOT_PG_URL ?? (/^postgres/.test(process.env.DATABASE_URL ?? '') ? process.env.DATABASE_URL : undefined);
  if (!url) throw new Error('set PERFBOT_PG_URL to a PostgreSQL server (scripts/postgres-server.sh start DIR prints one)');
  return url;
}

function isEmptyMigration(sql: string): boolean {
  return sql.split('\n').every((line) => line.trim() === '' || line.trim().startsWith('--'));
}

const args = process.argv.slice(2);
const check = args.includes('--check');
const migrateIndex = args.indexOf('--migrate');
const migrationName = migrateIndex >= 0 ? args[migrateIndex + 1] : undefined;
const problems: string[] = [];

for (const provider of providers) {
  const dir = path.join(root, 'prisma', provider);
  const schemaFile = path.join(dir, 'schema.prisma');
  const snapshotFile = path.join(dir, 'migrations', 'schema.snapshot.prisma');
  const text = schemaText(provider);
  if (check) {
    if (!existsSync(schemaFile) || readFileSync(schemaFile, 'utf8') !== text) {
      problems.push(`prisma/${provider}/schema.prisma is behind prisma/models.prisma: run npm run db:schemas`);
      continue;
    }
    const pending = diffScript(provider, existsSync(snapshotFile) ? snapshotFile : null, schemaFile);
    if (!isEmptyMigration(pending)) problems.push(`prisma/${provider}/migrations lack a migration for the current models: run npm run db:schemas -- --migrate <name>`);
    continue;
  }
  mkdirSync(path.join(dir, 'migrations'), { recursive: true });
  writeFileSync(schemaFile, text);
  writeFileSync(path.join(dir, 'migrations', 'migration_lock.toml'), `provider = "${provider}"\n`);
  if (!migrationName) continue;
  const sql = diffScript(provider, existsSync(snapshotFile) ? snapshotFile : null, schemaFile);
  if (isEmptyMigration(sql)) {
    console.log(`${provider}: no changes`);
    continue;
  }
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const folder = path.join(dir, 'migrations', `${stamp}_${migrationName}`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'migration.sql'), sql);
  writeFileSync(snapshotFile, text);
  console.log(`${provider}: wrote ${path.relative(root, folder)}`);
}

if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  process.exit(1);
}
