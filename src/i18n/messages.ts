/**
 * User-facing text lives in prompts/<locale>.yaml (Italian default, English second), never inline
 * in code. `translator(locale)` returns `t(key, params)`; `{name}` placeholders are filled from
 * params, and a missing key is a bug caught by the prompts test, shown as the key itself.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export type Locale = 'it' | 'en';
export const LOCALES: Locale[] = ['it', 'en'];
export type Params = Record<string, string | number>;
export type Translate = (key: string, params?: Params) => string;

const promptsDir = path.resolve(import.meta.dirname, '..', '..', 'prompts');
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
    messages = new Map();
    flatten(parse(readFileSync(path.join(promptsDir, `${locale}.yaml`), 'utf8')), '', messages);
    cache.set(locale, messages);
  }
  return messages;
}

export function isLocale(value: unknown): value is Locale {
  return value === 'it' || value === 'en';
}

/** A translate function for a locale; falls back to Italian, then to the key. */
export function translator(locale: Locale): Translate {
  const messages = messagesOf(locale);
  const fallback = messagesOf('it');
  return (key, params = {}) => {
    const template = messages.get(key) ?? fallback.get(key) ?? key;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}
