/**
 * `npm run bench`: every benchmark, each in its own child process on a fresh database, then one
 * table (figure, value, goal, met, ratio to its baseline where there is one) and the same as JSON
 * in bench/results/. No network: plans are generated, databases are temporary SQLite files (or
 * databases on the PostgreSQL server named by PERFBOT_BENCH_PG). CPU time is shown next to wall
 * time because the machines are shared: wall time grows with other people's load, CPU time less.
 *
 * Options: --large N (default 10000 objectives), --planning N (default 2130, ≈ 100,000 rows),
 * --answered N (default 500: N and 2N with answers recorded, for the growth exponent).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { option } from './bench-db.js';
import { root, runChild, runCommand } from './run-child.js';
import { idleRssOfBuiltBot } from './idle-rss.js';

interface Step {
  wallMs: number;
  cpuMs: number;
  peakRssMb?: number;
  rows?: number;
  unchanged?: number;
}
type ScaleResult = Record<string, Step> & { objectives: number; database: string; peakRssMb: number };
interface Row {
  figure: string;
  value: string;
  goal: string;
  met: boolean | null;
  ratio?: string;
}

const large = option('--large', 10_000);
const planningSize = option('--planning', 2130);
const answered = option('--answered', 500);
const rows: Row[] = [];
const results: Record<string, unknown> = { startedAt: new Date().toISOString(), database: process.env.PERFBOT_BENCH_PG ? 'postgresql' : 'sqlite' };
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const time = (s: Step) => `${seconds(s.wallMs)} (CPU ${seconds(s.cpuMs)})`;
const under = (s: Step, ms: number) => s.wallMs < ms || s.cpuMs < ms;
const add = (row: Row) => {
  rows.push(row);
  console.error(`  ${row.figure}: ${row.value}`);
};

async function scale(args: string[]): Promise<ScaleResult> {
  console.error(`bench: scale ${args.join(' ')}`);
  return (await runChild<ScaleResult>('scale.child.ts', args)).result;
}

// The engine's answer turn and Conferma (SQL statements counted per turn).
try {
  console.error('bench: chat turns');
  const chat = (await runChild<Record<string, { median: number; p95: number; cpuMs: number; statements: number }>>('chat-turn.child.ts', [])).result;
  results.chat = chat;
  for (const [name, r] of Object.entries(chat)) {
    const isConfirm = name.includes('Conferma');
    add({
      figure: name,
      value: `median ${r.median.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, CPU ${r.cpuMs.toFixed(1)} ms, ${r.statements} SQL`,
      goal: isConfirm ? '≤ 20 ms median' : '≤ 4 SQL statements',
      met: isConfirm ? r.median <= 20 : r.statements <= 4,
    });
  }
} catch (error) {
  add({ figure: 'chat turns', value: `failed: ${(error as Error).message.split('\n')[0]}`, goal: '', met: false });
}

// One answer turn through the real adapters against the bare frameworks (alternating batches, same run).
try {
  console.error('bench: chat turns through the adapters');
  type Turns = { median: number; p95: number; cpuMs: number };
  const adapters = (await runChild<Record<string, { bare: Turns; perfbot: Turns }>>('chat-adapter.child.ts', [])).result;
  results.adapters = adapters;
  for (const [platform, r] of Object.entries(adapters)) {
    const added = r.perfbot.cpuMs - r.bare.cpuMs;
    add({
      figure: `answer turn through the ${platform === 'slack' ? 'Bolt' : 'telegraf'} adapter, SQLite (perfbot / bare)`,
      value: `median ${r.perfbot.median.toFixed(1)} / ${r.bare.median.toFixed(1)} ms, p95 ${r.perfbot.p95.toFixed(1)} / ${r.bare.p95.toFixed(1)} ms, CPU ${r.perfbot.cpuMs.toFixed(1)} / ${r.bare.cpuMs.toFixed(1)} ms (+${added.toFixed(1)})`,
      goal: '≤ +3 ms CPU over bare',
      met: added <= 3,
      ratio: `${(r.perfbot.median / r.bare.median).toFixed(1)}×`,
    });
  }
} catch (error) {
  add({ figure: 'chat turns through the adapters', value: `failed: ${(error as Error).message.split('\n')[0]}`, goal: '', met: false });
}

// 2,000 reminders through the send queue to fake APIs enforcing the platforms' limits.
try {
  console.error('bench: send queue');
  type Burst = { achievedPerSecond: number; allowedPerSecond: number; share: number; refused: number; lost: number; failures: number; timeScale: number };
  const queue = (await runChild<Record<string, Burst>>('send-queue.child.ts', [])).result;
  results.sendQueue = queue;
  for (const [platform, r] of Object.entries(queue)) {
    add({
      figure: `send queue, 2,000 reminders, ${platform} (time ×${r.timeScale})`,
      value: `${r.achievedPerSecond.toFixed(1)}/s of ${r.allowedPerSecond.toFixed(1)}/s allowed, ${r.refused} × 429, ${r.lost} lost, ${r.failures} failed`,
      goal: '≥ 95 % of the allowed rate, none lost',
      met: r.share >= 0.95 && r.lost === 0 && r.failures === 0,
      ratio: `${(r.share * 100).toFixed(0)} %`,
    });
  }
} catch (error) {
  add({ figure: 'send queue', value: `failed: ${(error as Error).message.split('\n')[0]}`, goal: '', met: false });
}

const base = await scale(['--objectives', '1000', '--skip-planning']);
results.scale1000 = base;
add({ figure: 'import 1,000 objectives', value: time(base.import!), goal: '< 10 s', met: under(base.import!, 10_000) });
add({ figure: 're-import 1,000 (no change)', value: time(base.reimport!), goal: '', met: null });

const big = await scale(['--objectives', String(large), '--skip-planning']);
results.scaleLarge = big;
add({ figure: `import ${large.toLocaleString('en')} objectives`, value: `${time(big.import!)}, peak ${big.import!.peakRssMb} MB`, goal: '< 20 s, < 500 MB', met: under(big.import!, 20_000) && (big.import!.peakRssMb ?? 0) < 500 });
add({ figure: `report, ${large.toLocaleString('en')} objectives (read + build + text)`, value: time(big.report!), goal: '< 2 s', met: under(big.report!, 2000) });
add({ figure: `one sector's digest, ${large.toLocaleString('en')} objectives, snapshot read`, value: time(big.digestCold!), goal: '< 0.5 s', met: under(big.digestCold!, 500) });
add({ figure: `one sector's digest, ${large.toLocaleString('en')} objectives, cached snapshot`, value: time(big.digestCached!), goal: '< 0.5 s', met: under(big.digestCached!, 500) });
add({ figure: 'plan snapshot: full read / cached (version check)', value: `${time(big.snapshotRead!)} / ${time(big.snapshotCached!)}`, goal: '', met: null, ratio: `${(big.snapshotRead!.wallMs / Math.max(1, big.snapshotCached!.wallMs)).toFixed(0)}×` });
add({ figure: `peak memory, ${large.toLocaleString('en')} objectives (import → digest)`, value: `${big.peakRssMb} MB`, goal: '', met: null });

const planning = await scale(['--objectives', String(planningSize), '--only-planning']);
results.planning = planning;
add({ figure: `reminder planning, ${planning.planning!.rows?.toLocaleString('en')} rows`, value: time(planning.planning!), goal: '< 2 s', met: under(planning.planning!, 2000) });
add({ figure: 're-planning unchanged (same process: skipped)', value: time(planning.replanning!), goal: '< 1 s', met: under(planning.replanning!, 1000) });
add({ figure: 're-planning unchanged (restart: compared)', value: time(planning.replanningCompared!), goal: '< 1 s', met: under(planning.replanningCompared!, 1000) });
add({ figure: 'planReminders alone (pure)', value: time(planning.planRemindersPure!), goal: '', met: null });

// Growth with answers recorded: the same steps at N and 2N objectives; exponent 1 is linear.
const small = await scale(['--objectives', String(answered), '--answered']);
const double = await scale(['--objectives', String(answered * 2), '--answered']);
results.answered = { small, double };
for (const [key, label] of [['import', 'import'], ['pendingItems', 'pendingItems'], ['reportBuild', 'buildReport'], ['planRemindersPure', 'planReminders'], ['planning', 'planning writes']] as const) {
  const a = small[key]!;
  const b = double[key]!;
  const exponent = Math.log(Math.max(1, b.cpuMs) / Math.max(1, a.cpuMs)) / Math.log(2);
  add({ figure: `${label} with answers, ${answered} → ${answered * 2} objectives`, value: `CPU ${seconds(a.cpuMs)} → ${seconds(b.cpuMs)}, exponent ${exponent.toFixed(2)}`, goal: 'linear (exponent ≈ 1)', met: exponent < 1.25 });
}

// CLI on the demo plan: a fresh database with Segrate, then each command as a user runs it.
const dir = mkdtempSync(path.join(tmpdir(), 'perfbot-bench-cli-'));
try {
  const env = { DATABASE_URL: process.env.PERFBOT_BENCH_PG_DEMO ?? `file:${path.join(dir, 'demo.db')}` };
  const cli = path.join(root, 'bin', 'perfbot.js');
  await runCommand(process.execPath, [cli, 'import', 'examples/segrate-pdo-2022.json'], env);
  const commands: Array<[string, string[]]> = [
    ['perfbot --help', ['--help']],
    ['perfbot report (Segrate)', ['report', '--ente', 'segrate', '--plan', 'pdo-2022', '--at', '2022-07-31']],
    ['perfbot digest --sector AGSC', ['digest', '--ente', 'segrate', '--sector', 'AGSC', '--at', '2022-07-31']],
    ['perfbot people', ['people', '--ente', 'segrate', '--at', '2022-07-31']],
    ['perfbot reminders (60 days)', ['reminders', '--ente', 'segrate', '--from', '2022-06-01', '--to', '2022-07-30']],
  ];
  const cliResults: Record<string, unknown> = {};
  for (const [label, args] of commands) {
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await runCommand(process.execPath, [cli, ...args], env));
    const best = runs.sort((a, b) => a.wallMs - b.wallMs)[0]!;
    cliResults[label] = runs;
    add({ figure: `CLI: ${label}, ${process.env.PERFBOT_BENCH_PG_DEMO ? 'PostgreSQL' : 'SQLite'}, best of 3`, value: `${seconds(best.wallMs)} (CPU ${best.cpuMs === null ? '?' : seconds(best.cpuMs)}, ${best.peakRssMb?.toFixed(0)} MB)`, goal: '< 1 s', met: best.wallMs < 1000 });
  }
  results.cli = cliResults;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// Idle memory of the built bot after a restart (no token; local chat and console on).
try {
  console.error('bench: idle RSS of the built bot');
  const rss = await idleRssOfBuiltBot();
  results.idleRssMb = rss;
  add({ figure: 'idle RSS of the built bot (node dist/main.js, restart, 10 s idle)', value: `${rss.toFixed(0)} MB`, goal: '< 150 MB', met: rss < 150 });
} catch (error) {
  add({ figure: 'idle RSS of the built bot', value: `failed: ${(error as Error).message.split('\n')[0]}`, goal: '< 150 MB', met: false });
}

// The benchmarks kept from before: importing 1,000 objectives (import.bench.ts) and planReminders over 60 days (planning.bench.ts).
for (const script of ['import.bench.ts', 'planning.bench.ts']) {
  try {
    const run = await runChild(script, [], { PERFBOT_BENCH_EMIT: '1' });
    results[script] = run.output.trim().split('\n');
  } catch (error) {
    results[script] = `failed: ${(error as Error).message}`;
  }
}

const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => [r.figure, r.value, r.goal][i]!.length), 8));
const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c)).join(' | ');
console.log(line(['figure', 'value', 'goal', 'met', 'ratio']));
console.log(line(widths.map((w) => '-'.repeat(w)).concat(['---', '-----'])));
for (const r of rows) console.log(line([r.figure, r.value, r.goal, r.met === null ? '' : r.met ? 'met' : 'MISSED', r.ratio ?? '']));
for (const script of ['import.bench.ts', 'planning.bench.ts']) console.log(`\n${script}:\n${([] as string[]).concat(results[script] as string[]).join('\n')}`);
results.table = rows;
mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
const file = path.join(root, 'bench', 'results', `bench-${String(results.startedAt).replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nJSON: ${path.relative(root, file)}`);
