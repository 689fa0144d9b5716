/**
 * Requests as Slack sends them to an app's /slack/events: Events API envelopes (JSON), slash
 * commands and block actions (form bodies), each signed with the v0 scheme — HMAC-SHA256 of
 * `v0:${timestamp}:${body}` with the signing secret, in X-Slack-Signature, with
 * X-Slack-Request-Timestamp. Options make a request unsigned, forged, stale or a retry.
 */
import { createHmac } from 'node:crypto';

export interface SlackRequest {
  body: string;
  contentType: string;
}

export interface DeliveryOptions {
  /** how to sign: a valid signature (default), a wrong one, or none at all */
  signature?: 'valid' | 'forged' | 'missing';
  /** request timestamp in seconds; default now (Bolt refuses anything older than 5 minutes) */
  timestamp?: number;
  /** X-Slack-Retry-Num (Slack's redelivery of an event it thinks was not received) */
  retryNum?: number;
}

/** Signs `body` as Slack does: `v0=` + hex HMAC-SHA256 of `v0:${timestamp}:${body}`. */
export function slackSignature(signingSecret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** POSTs a request to the app's events URL as Slack would; resolves to the HTTP status and body. */
export async function deliverToSlackApp(url: string, signingSecret: string, request: SlackRequest, options: DeliveryOptions = {}): Promise<{ status: number; body: string }> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': request.contentType, 'x-slack-request-timestamp': String(timestamp) };
  const signature = options.signature ?? 'valid';
  if (signature === 'valid') headers['x-slack-signature'] = slackSignature(signingSecret, timestamp, request.body);
  if (signature === 'forged') headers['x-slack-signature'] = slackSignature('not-the-signing-secret', timestamp, request.body);
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const response = await fetch(url, { method: 'POST', headers, body: request.body });
  return { status: response.status, body: await response.text() };
}

/** An Events API envelope (event_callback) around `event`. */
export function eventRequest(event: Record<string, unknown>, eventId: string): SlackRequest {
  const envelope = {
    token: 'verification-token-unused',
    team_id: 'T0001',
    api_app_id: 'A0001',
    event: { event_ts: '1700000000.000100', ...event },
    type: 'event_callback',
    event_id: eventId,
    event_time: 1700000000,
    authorizations: [{ team_id: 'T0001', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
  };
  return { body: JSON.stringify(envelope), contentType: 'application/json' };
}

/** A DM typed by a person (a `message` event in an im channel); Slack escapes &, < and >. */
export function dmRequest(userId: string, channel: string, text: string, eventId: string, extra: Record<string, unknown> = {}): SlackRequest {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return eventRequest({ type: 'message', channel_type: 'im', channel, user: userId, text: escaped, ts: '1700000000.000200', ...extra }, eventId);
}

/** A slash command invocation, form-encoded as Slack sends it. */
export function commandRequest(command: string, text: string, userId: string, triggerId: string, channelId = 'C0GENERAL'): SlackRequest {
  const form = new URLSearchParams({
    token: 'verification-token-unused',
    team_id: 'T0001',
    team_domain: 'comune',
    channel_id: channelId,
    channel_name: 'general',
    user_id: userId,
    user_name: 'someone',
    command,
    text,
    api_app_id: 'A0001',
    response_url: 'https://hooks.slack.com/commands/T0001/1/abc',
    trigger_id: triggerId,
  });
  return { body: form.toString(), contentType: 'application/x-www-form-urlencoded' };
}

/** A button press (block_actions), from a message in `channel` or — without channel — from the Home tab. */
export function buttonPressRequest(options: { userId: string; actionId: string; value: string; triggerId: string; channel?: string; messageTs?: string }): SlackRequest {
  const payload = {
    type: 'block_actions',
    team: { id: 'T0001', domain: 'comune' },
    user: { id: options.userId, username: 'someone', team_id: 'T0001' },
    api_app_id: 'A0001',
    token: 'verification-token-unused',
    trigger_id: options.triggerId,
    ...(options.channel
      ? {
          container: { type: 'message', message_ts: options.messageTs ?? '1700000000.000300', channel_id: options.channel, is_ephemeral: false },
          channel: { id: options.channel, name: 'directmessage' },
          message: { type: 'message', ts: options.messageTs ?? '1700000000.000300', text: 'question' },
        }
      : { container: { type: 'view', view_id: 'V0001' }, view: { id: 'V0001', type: 'home' } }),
    actions: [{ type: 'button', action_id: options.actionId, block_id: 'b1', text: { type: 'plain_text', text: 'x' }, value: options.value, action_ts: '1700000000.000400' }],
  };
  return { body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), contentType: 'application/x-www-form-urlencoded' };
}
