/** Runs one benchmark script in a child process and returns its `BENCH {…}` result (and its other output). */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const tsx = createRequire(import.meta.url).resolve('tsx/cli');
export const root = path.resolve(import.meta.dirname, '..');

export interface ChildRun<T> {
  result: T;
  output: string;
  wallMs: number;
}

export function runChild<T = Record<string, unknown>>(script: string, args: string[], env: Record<string, string | undefined> = {}): Promise<ChildRun<T>> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsx, path.join(root, 'bench', script), ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => {
      const line = output.split('\n').find((l) => l.startsWith('BENCH '));
      if (code !== 0) reject(new Error(`${script} ${args.join(' ')} failed (exit ${code}):\n${output.slice(-2000)}`));
      else resolve({ result: (line ? JSON.parse(line.slice(6)) : {}) as T, output: output.split('\n').filter((l) => !l.startsWith('BENCH ')).join('\n'), wallMs: performance.now() - started });
    });
  });
}

/** Runs a command (e.g. the perfbot CLI) and measures its wall time, CPU time and peak memory with /usr/bin/time when present. */
export function runCommand(command: string, args: string[], env: Record<string, string | undefined>): Promise<{ wallMs: number; cpuMs: number | null; peakRssMb: number | null; code: number | null }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('/usr/bin/time', ['-f', 'TIME %U %S %M', command, ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', () => resolve({ wallMs: NaN, cpuMs: null, peakRssMb: null, code: null }));
    child.on('exit', (code) => {
      const wallMs = performance.now() - started;
      const match = /TIME ([\d.]+) ([\d.]+) (\d+)/.exec(err);
      resolve({ wallMs, cpuMs: match ? (Number(match[1]) + Number(match[2])) * 1000 : null, peakRssMb: match ? Number(match[3]) / 1024 : null, code });
    });
  });
}
