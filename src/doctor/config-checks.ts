/** `perfbot doctor`: configuration that parses but will not work, or not the way one expects in production. */
import type { Env } from '../config/env.js';
import { providerOf } from '../db/database.js';
import { finding, type Finding } from './finding.js';

/** Checks of the parsed configuration alone (no network, no database). */
export function configFindings(env: Env): Finding[] {
  const findings: Finding[] = [];
  const production = env.NODE_ENV === 'production';
  if (!env.SLACK_BOT_TOKEN && !env.TELEGRAM_BOT_TOKEN) findings.push(finding('warn', 'config.noPlatform'));
  if (env.TELEGRAM_BOT_TOKEN && !env.TELEGRAM_BOT_USERNAME) findings.push(finding('warn', 'config.noBotUsername'));
  if (env.TELEGRAM_WEBHOOK_URL && !env.TELEGRAM_WEBHOOK_URL.startsWith('https://')) findings.push(finding('fail', 'config.webhookNotHttps', { url: env.TELEGRAM_WEBHOOK_URL }));
  if (env.TELEGRAM_WEBHOOK_URL && !env.TELEGRAM_BOT_TOKEN) findings.push(finding('warn', 'config.webhookWithoutToken'));
  if (production && providerOf(env.DATABASE_URL) === 'sqlite') findings.push(finding('warn', 'config.sqliteInProduction'));
  if (production && env.PERFBOT_LOCAL_CHAT === 'on') findings.push(finding('warn', 'config.localChatInProduction'));
  if (findings.every((f) => f.level !== 'fail')) findings.unshift(finding('ok', 'config.ok'));
  return findings;
}
