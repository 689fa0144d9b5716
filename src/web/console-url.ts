/** The console's address for links: PERFBOT_CONSOLE_URL behind a proxy, else the local port. */
import type { Env } from '../config/env.js';

/** The base URL without a trailing slash. */
export function consoleBaseUrl(env: Pick<Env, 'PERFBOT_CONSOLE_URL' | 'PERFBOT_CONSOLE_PORT' | 'PERFBOT_HTTP_HOST'>): string {
  if (env.PERFBOT_CONSOLE_URL) return env.PERFBOT_CONSOLE_URL.replace(/\/+$/, '');
  return `http://${env.PERFBOT_HTTP_HOST}:${env.PERFBOT_CONSOLE_PORT}`;
}
