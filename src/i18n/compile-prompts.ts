/**
 * Build step (`npm run build`, after tsc): writes each locale's prompts, flattened, as JSON into
 * dist/prompts/, which messages.ts reads instead of parsing the YAML while the JSON is not older.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LOCALES, messagesOf } from './messages.js';

const out = path.resolve(import.meta.dirname, '..', 'prompts');
mkdirSync(out, { recursive: true });
for (const locale of LOCALES) writeFileSync(path.join(out, `${locale}.json`), JSON.stringify(Object.fromEntries(messagesOf(locale))));
