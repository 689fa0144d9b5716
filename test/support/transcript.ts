/**
 * Transcripts of a conversation as a person sees it, written to docs/ by the end-to-end tests.
 * The test compares the transcript with the committed file, so the documentation cannot drift from
 * the code; UPDATE_TRANSCRIPTS=1 rewrites it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

export class Transcript {
  private readonly lines: string[] = [];

  constructor(private readonly title: string, private readonly intro: string) {}

  person(name: string, text: string): void {
    this.lines.push(`**${name}:** ${text}`, '');
  }

  bot(text: string, buttons: string[][] = []): void {
    const quoted = text.split('\n').map((line) => `> ${line}`);
    const keys = buttons.map((row) => `> ${row.map((label) => `[${label}]`).join(' ')}`);
    this.lines.push('**perfbot:**', '', ...quoted, ...(keys.length > 0 ? ['>', ...keys] : []), '');
  }

  text(): string {
    return `# ${this.title}\n\n${this.intro}\n\n${this.lines.join('\n')}`;
  }

  /** Writes the transcript when UPDATE_TRANSCRIPTS=1 (or the file is new), else checks it is unchanged. */
  check(file: string): void {
    const target = path.resolve(import.meta.dirname, '..', '..', 'docs', file);
    const text = this.text();
    if (process.env.UPDATE_TRANSCRIPTS === '1' || !existsSync(target)) {
      writeFileSync(target, text);
      return;
    }
    expect(text, `docs/${file} is out of date: run UPDATE_TRANSCRIPTS=1 npm test`).toBe(readFileSync(target, 'utf8'));
  }
}
