/**
 * Golden files: a test renders something people read (a digest, a transcript) and compares it with
 * the committed file, so a reviewer reads the real output and any change shows up in the diff.
 * UPDATE_GOLDEN=1 (or a missing file) writes it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

/** The path of a committed golden file (test/golden/<name>). */
export function goldenFile(name: string): string {
  return path.resolve(import.meta.dirname, '..', 'golden', name);
}

export function checkGolden(file: string, text: string): void {
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    writeFileSync(file, text);
    return;
  }
  expect(text, `${file} is out of date: run UPDATE_GOLDEN=1 npm test and review the diff`).toBe(readFileSync(file, 'utf8'));
}
