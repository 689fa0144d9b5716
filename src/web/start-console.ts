/** Starts the web console for `npm start` on PERFBOT_CONSOLE_PORT; returns its stop function. */
import { randomBytes } from 'node:crypto';
import type { Env } from '../config/env.js';
import type { Db } from '../db/database.js';
import { plainTranslator } from '../i18n/messages.js';
import { consoleBaseUrl } from './console-url.js';

/** Builds and listens; prints the URL; the returned function closes the server. */
export async function startConsole(input: { db: Db; clock: () => Date; env: Env; settingsChanged: (ente: string) => Promise<unknown>; log: (line: string) => void }): Promise<() => Promise<void>> {
  const { env } = input;
  // Without a configured secret, sessions last until the process restarts (fine for the demo).
  const secret = env.PERFBOT_CONSOLE_SECRET ?? randomBytes(32).toString('base64url');
  // fastify and the console's pages load only here: a bot with PERFBOT_CONSOLE=off never needs them.
  const { buildConsole } = await import('./server.js');
  const app = await buildConsole({ db: input.db, clock: input.clock, secret, secure: (env.PERFBOT_CONSOLE_URL ?? '').startsWith('https:'), behindProxy: env.PERFBOT_CONSOLE_URL !== undefined, settingsChanged: input.settingsChanged, ...(env.TELEGRAM_BOT_USERNAME ? { telegramBot: env.TELEGRAM_BOT_USERNAME } : {}) });
  const address = await app.listen({ port: env.PERFBOT_CONSOLE_PORT, host: env.PERFBOT_HTTP_HOST });
  const base = env.PERFBOT_CONSOLE_URL ? consoleBaseUrl(env) : address;
  input.log(plainTranslator('it')('console.started', { url: base }));
  return () => app.close();
}
