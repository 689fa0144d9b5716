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
