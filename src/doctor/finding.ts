/**
 * What `perfbot doctor` reports: one finding per thing checked, as a prompt key and its parameters
 * (the text lives in prompts/, doctor.*). `fail` blocks (doctor exits 1), `warn` needs a look,
 * `ok` and `info` say what was found fine.
 */
import type { Params } from '../i18n/messages.js';

export type FindingLevel = 'ok' | 'info' | 'warn' | 'fail';

export interface Finding {
  level: FindingLevel;
  /** a key under doctor. in prompts/<locale>.yaml */
  key: string;
  params?: Params;
}

/** Shorthand for a finding. */
export function finding(level: FindingLevel, key: string, params?: Params): Finding {
  return { level, key, ...(params ? { params } : {}) };
}
