/**
 * `perfbot doctor`: asks Slack and Telegram whether the configured tokens work — Slack's auth.test
 * (and the scopes granted, against those slack-app-manifest.yaml asks for), Telegram's getMe and
 * getWebhookInfo (the webhook registered is the one configured). Plain HTTP calls: the doctor does
 * not start the bots.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { Env } from '../config/env.js';
import { finding, type Finding } from './finding.js';

const manifestFile = path.resolve(import.meta.dirname, '..', '..', 'slack-app-manifest.yaml');

/** The bot scopes the Slack app manifest asks for. */
export function manifestScopes(file = manifestFile): string[] {
  const manifest = parse(readFileSync(file, 'utf8')) as { oauth_config?: { scopes?: { bot?: string[] } } };
  return manifest.oauth_config?.scopes?.bot ?? [];
}

function reason(error: unknown): string {
  return error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
}

async function postJson(url: string, headers: Record<string, string>): Promise<{ body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(url, { method: 'POST', headers, signal: AbortSignal.timeout(10_000) });
  return { body: (await response.json()) as Record<string, unknown>, headers: response.headers };
}

/** Slack: the token works (auth.test) and has every scope the manifest needs. */
export async function slackFindings(env: Env): Promise<Finding[]> {
  if (!env.SLACK_BOT_TOKEN) return [finding('info', 'slack.notConfigured')];
  const base = (env.SLACK_API_URL ?? 'https://slack.com/api/').replace(/\/?$/, '/');
  let answer: Awaited<ReturnType<typeof postJson>>;
  try {
    answer = await postJson(`${base}auth.test`, { authorization: `Bearer ${env.SLACK_BOT_TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' });
  } catch (error) {
    return [finding('fail', 'slack.unreachable', { reason: reason(error) })];
  }
  if (answer.body.ok !== true) return [finding('fail', 'slack.authFailed', { error: String(answer.body.error ?? 'unknown') })];
  const findings = [finding('ok', 'slack.ok', { team: String(answer.body.team ?? '?'), user: String(answer.body.user ?? '?') })];
  const granted = answer.headers.get('x-oauth-scopes');
  if (granted === null) findings.push(finding('warn', 'slack.scopesUnknown'));
  else {
    const have = new Set(granted.split(',').map((s) => s.trim()));
    const missing = manifestScopes().filter((scope) => !have.has(scope));
    if (missing.length > 0) findings.push(finding('fail', 'slack.missingScopes', { scopes: missing.join(', ') }));
  }
  if (env.SLACK_SOCKET_MODE === 'on' && !env.SLACK_APP_TOKEN) findings.push(finding('fail', 'slack.noAppToken'));
  return findings;
}

/** Telegram: the token works (getMe) and the webhook registered matches the configuration. */
export async function telegramFindings(env: Env): Promise<Finding[]> {
  if (!env.TELEGRAM_BOT_TOKEN) return [finding('info', 'telegram.notConfigured')];
  const base = `${(env.TELEGRAM_API_ROOT ?? 'https://api.telegram.org').replace(/\/$/, '')}/bot${env.TELEGRAM_BOT_TOKEN}`;
  let me: Record<string, unknown>;
  let info: Record<string, unknown>;
  try {
    me = (await postJson(`${base}/getMe`, {})).body;
    if (me.ok !== true) return [finding('fail', 'telegram.authFailed', { error: String(me.description ?? me.error_code ?? 'unknown') })];
    info = (await postJson(`${base}/getWebhookInfo`, {})).body;
  } catch (error) {
    // the URL holds the token: say only what failed
    return [finding('fail', 'telegram.unreachable', { reason: reason(error).replaceAll(env.TELEGRAM_BOT_TOKEN, '…') })];
  }
  const bot = (me.result ?? {}) as { username?: string };
  const findings = [finding('ok', 'telegram.ok', { username: bot.username ?? '?' })];
  if (env.TELEGRAM_BOT_USERNAME && bot.username && bot.username !== env.TELEGRAM_BOT_USERNAME) {
    findings.push(finding('fail', 'telegram.usernameMismatch', { configured: env.TELEGRAM_BOT_USERNAME, actual: bot.username }));
  }
  const webhook = (info.result ?? {}) as { url?: string; last_error_message?: string; pending_update_count?: number };
  const registered = webhook.url ?? '';
  if (env.TELEGRAM_WEBHOOK_URL) {
    if (registered === '') findings.push(finding('warn', 'telegram.webhookNotSet', { url: env.TELEGRAM_WEBHOOK_URL }));
    else if (registered !== env.TELEGRAM_WEBHOOK_URL) findings.push(finding('fail', 'telegram.webhookMismatch', { registered, configured: env.TELEGRAM_WEBHOOK_URL }));
    else findings.push(finding('ok', 'telegram.webhookOk', { url: registered }));
  } else if (registered !== '') findings.push(finding('warn', 'telegram.webhookWhilePolling', { registered }));
  if (webhook.last_error_message) findings.push(finding('warn', 'telegram.webhookError', { error: webhook.last_error_message }));
  return findings;
}
