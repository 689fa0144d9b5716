/**
 * User-facing text lives in prompts/<locale>.yaml (Italian default, English second), never inline
 * in code. `translator(locale)` returns `t(key, params)`; `{name}` placeholders are filled from
 * params, and a missing key is a bug caught by the prompts test, shown as the key itself.
 *
 * The texts are light markup (markup.ts) for the chat adapters: a value put into a placeholder is
 * shown as written, never formatted (its * _ ~ ` become literal characters), unless it is
 * `markup(…)` already. `{name|echo}` marks a placeholder that repeats what a person typed: it is
 * also cut to ECHO_MAX_CHARS characters, so a 1 MB message is not echoed back in 259 messages.
 * `plainTranslator` fills the same prompts for a terminal, a file or a chart, where nothing formats.
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Markup, literal, truncateEcho } from './markup.js';

export type Locale = 'it' | 'en';
export const LOCALES: Locale[] = ['it', 'en'];
export type Params = Record<string, string | number | Markup>;
export type Translate = (key: string, params?: Params) => string;

const promptsDir = path.resolve(import.meta.dirname, '..', '..', 'prompts');
// `npm run build` writes the flattened prompts as JSON next to the compiled code (dist/prompts/,
// compile-prompts.ts): parsing the YAML took a few hundred ms of every command and start.
const compiledDir = path.resolve(import.meta.dirname, '..', 'prompts');
const cache = new Map<Locale, Map<string, string>>();

function flatten(node: unknown, prefix: string, out: Map<string, string>): void {
  if (typeof node === 'string') {
    out.set(prefix, node);
    return;
  }
  if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) flatten(value, prefix ? `${prefix}.${key}` : key, out);
  }
}

/** All messages of a locale, flattened to dotted keys. */
export function messagesOf(locale: Locale): Map<string, string> {
  let messages = cache.get(locale);
  if (!messages) {
    const source = path.join(promptsDir, `${locale}.yaml`);
    const compiled = path.join(compiledDir, `${locale}.json`);
    // The JSON only while it is at least as new as the YAML: an edited prompt is never read stale.
    const compiledTime = statSync(compiled, { throwIfNoEntry: false })?.mtimeMs;
    if (compiledTime !== undefined && compiledTime >= statSync(source).mtimeMs) {
      messages = new Map(Object.entries(JSON.parse(readFileSync(compiled, 'utf8')) as Record<string, string>));
    } else {
      // yaml is required only here, so a build with the JSON never loads it for the prompts.
      const { parse } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
      messages = new Map();
      flatten(parse(readFileSync(source, 'utf8')), '', messages);
    }
    cache.set(locale, messages);
  }
  return messages;
}

export function isLocale(value: unknown): value is Locale {
  return value === 'it' || value === 'en';
}

/** `{name}` or `{name|filter}` in a prompt. */
const PLACEHOLDER = /\{(\w+)(?:\|(\w+))?\}/g;

function filler(locale: Locale, asMarkup: boolean): Translate {
  const messages = messagesOf(locale);
  const fallback = messagesOf('it');
  return (key, params = {}) => {
    const template = messages.get(key) ?? fallback.get(key) ?? key;
    return template.replace(PLACEHOLDER, (whole, name: string, filter: string | undefined) => {
      if (!(name in params)) return whole;
      const value = params[name]!;
      if (value instanceof Markup) return value.text;
      const text = filter === 'echo' ? truncateEcho(String(value)) : String(value);
      return asMarkup ? literal(text) : text;
    });
  };
}

/**
 * A translate function for a locale, giving light markup for the chat: interpolated values are
 * shown as written (see the module comment). Falls back to Italian, then to the key.
 */
export function translator(locale: Locale): Translate {
  return filler(locale, true);
}

/** A translate function for plain text (terminal, files, charts): values are put in as they are; echoes are still cut. */
export function plainTranslator(locale: Locale): Translate {
  return filler(locale, false);
}
