/**
 * The check-in engine's turns measured in-process on a fresh database: 20 people of a generated
 * 50-objective plan each answer their 10 pending items (6 phases, 4 indicators) and press Conferma.
 * SQL statements are counted where they reach the database: on SQLite at the libsql client (a turn's
 * own statements bypass Prisma, db/turn-driver.ts; BEGIN and the connection's PRAGMAs are not
 * counted), on PostgreSQL from the Prisma client's query events. Prints one `BENCH {…}` line.
 * (The turn through the real Slack / Telegram adapters against the bare frameworks: chat-adapter.child.ts.)
 */
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Session } from 'node:inspector/promises';
import type { Client, Config, InStatement, TransactionMode } from '@libsql/client';
import { TunedLibSQL } from '../src/db/sqlite-adapter.js';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient } from '../src/generated/sqlite/client.js';
import { PrismaClient as PostgresClient } from '../src/generated/postgresql/client.js';
import type { Db } from '../src/db/database.js';
import { importPlan } from '../src/db/plan-import.js';
import { CheckinEngine } from '../src/conversations/checkin-engine.js';
import type { ChatEvent } from '../src/chat/port.js';
import { generatePlan } from '../src/plan-file/generate.js';
import { createBenchDatabase, emit, option, timed } from './bench-db.js';
import { mergeProfiles, type CpuProfile } from './cpu-profile.js';

const people = option('--people', 20);
const database = await createBenchDatabase();
let statements = 0;
const log = [{ emit: 'event' as const, level: 'query' as const }];
// PERFBOT_BENCH_TRACE=1 prints every statement (to see where a turn's statements go)
const trace = process.env.PERFBOT_BENCH_TRACE === '1';
const counted = (sql: string) => {
  if (/^\s*(BEGIN|PRAGMA)/i.test(sql)) return;
  statements++;
  if (trace) console.error(`SQL ${sql.slice(0, 160)}`);
};
const sqlOf = (stmt: InStatement) => (typeof stmt === 'string' ? stmt : stmt.sql);
/** TunedLibSQL whose client counts every statement, also those of its transactions. */
class CountedLibSQL extends TunedLibSQL {
  override createClient(config: Config): Client {
    const inner = super.createClient(config);
    return new Proxy(inner, {
      get(target, property) {
        if (property === 'execute') return (stmt: InStatement) => (counted(sqlOf(stmt)), target.execute(stmt));
        if (property === 'transaction') {
          return async (mode?: TransactionMode) => {
            const tx = await target.transaction(mode);
            return new Proxy(tx, {
              get(t, p) {
                if (p === 'execute') return (stmt: InStatement) => (counted(sqlOf(stmt)), t.execute(stmt));
                if (p === 'commit') return () => (counted('COMMIT'), t.commit());
                const value: unknown = Reflect.get(t, p, t);
                return typeof value === 'function' ? value.bind(t) : value;
              },
            });
          };
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }
}
const client =
  database.provider === 'postgresql'
    ? new PostgresClient({ adapter: new PrismaPg({ connectionString: database.url }), log })
    : new SqliteClient({ adapter: new CountedLibSQL({ url: `file:${path.resolve(database.url.replace(/^file:/, ''))}` }) });
if (database.provider === 'postgresql') (client as unknown as { $on(event: 'query', cb: (e: { query: string }) => void): void }).$on('query', (e) => counted(e.query));
const db = client as unknown as Db;
// PERFBOT_BENCH_PROFILE=answer|confirm writes a CPU profile of only those turns (the rest of the run
// — import, first turns — would drown them) to chat-turn-<kind>.cpuprofile in the temporary folder
const profiled = process.env.PERFBOT_BENCH_PROFILE;
const inspector = profiled ? new Session() : undefined;
if (inspector) {
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.setSamplingInterval', { interval: 100 });
}
const profile = async <T>(kind: string, work: () => Promise<T>): Promise<T> => {
  if (!inspector || kind !== profiled) return work();
  await inspector.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile: taken } = await inspector.post('Profiler.stop');
    profiles.push(taken);
  }
};
const profiles: unknown[] = [];

interface Turn {
  wallMs: number;
  cpuMs: number;
  statements: number;
}
const answerTurns: Turn[] = [];
const confirms: Turn[] = [];
try {
  await importPlan(db, generatePlan(50, 10), { actor: 'bench', reason: 'bench' });
  // Mid-November: all six phases have started and the July indicators are due — ten items each.
  const engine = new CheckinEngine(db, () => new Date('2022-11-15T09:00:00Z'));
  let delivery = 0;
  const say = async (userId: string, kind: ChatEvent['kind'], text: string, extra: Partial<ChatEvent> = {}) => {
    const before = statements;
    const t = await profile(kind === 'choice' ? 'confirm' : kind === 'text' ? 'answer' : 'other', () => timed(() => engine.handle({ platform: 'telegram', userId, chatId: userId, kind, text, deliveryId: `d${++delivery}`, messageRef: `m${delivery}`, ...extra })));
    const choices = t.value.flatMap((r) => (r.choices ?? []).flat().map((c) => c.value));
    return { turn: { wallMs: t.wallMs, cpuMs: t.cpuMs, statements: statements - before }, text: t.value.map((r) => r.text).join('\n'), choices };
  };
  for (let p = 0; p < people; p++) {
    const user = String(100000000 + p);
    const first = await say(user, 'command', '', { command: 'rispondi' });
    let reply = first.text;
    let choices = first.choices;
    for (let item = 0; item < 10 && !reply.includes('Conferma'); item++) {
      // The question is about a phase (a % answers it) or an indicator ("non rilevabile" answers any).
      const last = reply.split('\n').filter((l) => /Fase|Indicatore/.test(l)).at(-1) ?? '';
      const answer = await say(user, 'text', last.includes('Fase') ? '50' : 'non rilevabile: misura non disponibile');
      answerTurns.push(answer.turn);
      reply = answer.text;
      choices = answer.choices;
    }
    // the summary's Conferma button carries the summary's token (choice-value.ts)
    const confirmed = await say(user, 'choice', choices.find((v) => v.endsWith('ctl:confirm')) ?? 'ctl:confirm');
    if (!confirmed.text.includes('✔')) throw new Error(`Conferma not saved for ${user}: ${confirmed.text.slice(0, 300)}`);
    confirms.push(confirmed.turn);
  }
  const summary = (turns: Turn[]) => {
    const sorted = [...turns].sort((a, b) => a.wallMs - b.wallMs);
    const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.wallMs;
    const mean = (f: (t: Turn) => number) => turns.reduce((sum, t) => sum + f(t), 0) / turns.length;
    return { turns: turns.length, median: pick(0.5), p95: pick(0.95), cpuMs: mean((t) => t.cpuMs), statements: Math.round(mean((t) => t.statements) * 10) / 10 };
  };
  emit({
    [`answer turn, engine in-process, ${database.provider === 'postgresql' ? 'PostgreSQL' : 'SQLite'}`]: summary(answerTurns),
    [`Conferma of a 10-item draft, ${database.provider === 'postgresql' ? 'PostgreSQL' : 'SQLite'}`]: summary(confirms),
  });
  // one profile of all the profiled turns: their samples end to end
  if (profiles.length > 0) {
    const file = path.join(tmpdir(), `chat-turn-${profiled}.cpuprofile`);
    writeFileSync(file, JSON.stringify(mergeProfiles(profiles as CpuProfile[])));
    console.error(`profile: ${file}`);
  }
} finally {
  await client.$disconnect();
  await database.drop();
}
