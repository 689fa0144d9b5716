import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const src = path.resolve(import.meta.dirname, '..', 'src');

function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^\s*import\s[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
}

describe('dependency direction (architecture.md)', () => {
  it('keeps the domain core free of database, chat, clock-reading and environment code', () => {
    const domain = path.join(src, 'domain');
    const allowedPackages = new Set(['luxon', 'date-holidays', 'zod']);
    for (const name of readdirSync(domain).filter((f) => f.endsWith('.ts'))) {
      const file = path.join(domain, name);
      for (const spec of importsOf(file)) {
        const ok = spec.startsWith('./') ? !spec.includes('..') : allowedPackages.has(spec);
        expect(ok, `${name} imports ${spec}`).toBe(true);
      }
      const text = readFileSync(file, 'utf8');
      expect(text, `${name} reads process.env`).not.toMatch(/process\.env/);
      expect(text, `${name} reads the clock`).not.toMatch(/new Date\(\)|Date\.now\(\)/);
    }
  });
});

describe('import cycles and directions of issue 10 (shape)', () => {
  it('keeps the CLI commands from importing the program that registers them', () => {
    const cli = path.join(src, 'cli');
    for (const name of readdirSync(cli).filter((f) => f.endsWith('-command.ts') || f === 'command-context.ts' || f === 'database-problem.ts')) {
      expect(importsOf(path.join(cli, name)), name).not.toContain('./program.js');
    }
  });

  it('lets chat and the CLI reach the settings grammar without the scheduler', () => {
    const conversations = path.join(src, 'conversations');
    for (const name of readdirSync(conversations).filter((f) => f.endsWith('.ts'))) {
      expect(importsOf(path.join(conversations, name)).filter((spec) => spec.startsWith('../scheduler/')), name).toEqual([]);
    }
    expect(importsOf(path.join(src, 'cli', 'config-command.ts'))).toContain('../domain/reminder-settings-change.js');
  });
});
