import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const script = path.join(root, 'test', 'support', 'guarded-process.ts');

function run(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsx, script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('process guard', () => {
  it('logs an uncaught exception and an unhandled rejection in one line each and keeps the process running', async () => {
    const { code, stdout, stderr } = await run();
    expect(stdout).toContain('still serving');
    expect(code).toBe(0);
    expect(stderr).toContain("perfbot: uncaughtException (kept running): TypeError: Cannot read properties of null (reading 'ssl_check')");
    expect(stderr).toContain('perfbot: unhandledRejection (kept running): Error: a handler nobody awaited failed');
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
