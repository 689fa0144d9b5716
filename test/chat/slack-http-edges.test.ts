/**
 * The edges of the Slack endpoint (issue 10, items 6 and 10): bodies that are correctly signed but
 * not what Slack sends, and bodies too large to read. The real Bolt app receives them over HTTP.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackChannel, type SlackChannel } from '../../src/chat/slack/adapter.js';
import { FakeSlackApi } from '../support/fake-slack-api.js';
import { RecordingHandler } from '../support/recording-handler.js';
import { recordingLogger } from '../support/recording-logger.js';
import { buttonPressRequest, deliverToSlackApp, dmRequest, slackSignature, type SlackRequest } from '../support/slack-requests.js';
import { sendOversized } from '../support/oversized-request.js';
import { waitFor } from '../support/wait-for.js';

const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

describe('Slack endpoint edges (real Bolt app)', () => {
  let api: FakeSlackApi;
  let handler: RecordingHandler;
  let logger: ReturnType<typeof recordingLogger>;
  let channel: SlackChannel;
  let eventsUrl: string;

  const deliver = (request: SlackRequest, signature: 'valid' | 'forged' = 'valid') => deliverToSlackApp(eventsUrl, SIGNING_SECRET, request, { signature });
  const json = (body: string): SlackRequest => ({ body, contentType: 'application/json' });
  const form = (payload: unknown): SlackRequest => ({ body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), contentType: 'application/x-www-form-urlencoded' });

  /** The process is still serving: a real DM right after gets its reply. */
  async function stillServes(eventId: string): Promise<void> {
    const ok = await deliver(dmRequest('U123', 'D123', 'ancora vivo', eventId));
    expect(ok.status).toBe(200);
    await waitFor(() => handler.events.some((e) => e.deliveryId === eventId), 'the DM after the bad request');
  }

  beforeEach(async () => {
    api = await FakeSlackApi.start();
    handler = new RecordingHandler();
    logger = recordingLogger();
    channel = createSlackChannel({ handler, botToken: 'xoxb-test-token', signingSecret: SIGNING_SECRET, apiUrl: api.url, port: 0, logger });
    await channel.start();
    eventsUrl = `http://127.0.0.1:${channel.port}/slack/events`;
  });

  afterEach(async () => {
    await channel.stop();
    await api.stop();
  });

  it('answers 400 to a correctly signed body of `null` and keeps serving', async () => {
    expect((await deliver(json('null'))).status).toBe(400);
    expect((await deliver(json('[1,2]'))).status).toBe(400);
    expect((await deliver(json('"text"'))).status).toBe(400);
    expect(handler.events).toEqual([]);
    expect(logger.lines.map((l) => l.message)).toContain('slack: a signed request with a malformed body was refused');
    await stillServes('Ev-after-null');
  });

  it('answers 400 to a signed block_actions without a user, and nothing reaches the handler', async () => {
    const press = JSON.parse(new URLSearchParams(buttonPressRequest({ userId: 'U123', actionId: 'perfbot:choice:0:0', value: 'yes', triggerId: 't1', channel: 'D123' }).body).get('payload')!) as Record<string, unknown>;
    const { user: _user, ...withoutUser } = press;
    expect((await deliver(form(withoutUser))).status).toBe(400);
    expect((await deliver(form({ ...press, user: null }))).status).toBe(400);
    expect((await deliver(form({ ...press, user: { id: 42 } }))).status).toBe(400);
    expect((await deliver(form({ ...press, actions: 'not a list' }))).status).toBe(400);
    expect(handler.events).toEqual([]);
    await stillServes('Ev-after-press');
  });

  it('answers 400 to other malformed but signed payloads: bad JSON, an event that is not an object, a form that is neither', async () => {
    const statuses = [
      await deliver(json('{not json')),
      await deliver(json(JSON.stringify({ type: 'event_callback', event_id: 'Ev-x', event: 'message' }))),
      await deliver(json(JSON.stringify({ type: 'event_callback', event_id: 'Ev-y', event: { type: 'message', channel: 'D1', item: 'x' } }))),
      await deliver({ body: 'payload=%7Bnot', contentType: 'application/x-www-form-urlencoded' }),
      await deliver({ body: 'command=%2Fperfbot', contentType: 'application/x-www-form-urlencoded' }),
    ].map((r) => r.status);
    expect(statuses).toEqual([400, 400, 400, 400, 400]);
    expect(handler.events).toEqual([]);
    await stillServes('Ev-after-malformed');
  });

  it('answers 401, not 400, to a malformed body that is not correctly signed', async () => {
    expect((await deliver(json('null'), 'forged')).status).toBe(401);
    const unsigned = await fetch(eventsUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'null' });
    expect(unsigned.status).toBe(401);
  });

  it('refuses a body declared over 1 MB with 413 before reading it', async () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const outcome = await sendOversized({
      url: eventsUrl,
      headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': timestamp, 'x-slack-signature': slackSignature(SIGNING_SECRET, Number(timestamp), '') },
      declaredLength: 5 * 1024 * 1024,
      send: 64 * 1024,
    });
    expect(outcome.status).toBe(413);
    expect(outcome.sent).toBeLessThan(5 * 1024 * 1024);
    await stillServes('Ev-after-declared');
  });

  it('refuses a streamed (chunked) body once it passes 1 MB, without waiting for the rest', async () => {
    const outcome = await sendOversized({ url: eventsUrl, headers: { 'content-type': 'application/json' }, send: 1024 * 1024 + 256 * 1024 });
    expect(outcome.status).toBe(413);
    expect(logger.lines.map((l) => l.message)).toContain('slack: a request body over the limit was refused');
    await stillServes('Ev-after-chunked');
  });

  it('still accepts a signed request just under the limit', async () => {
    const padding = 'x'.repeat(1024 * 1024 - 2048);
    const response = await deliver(dmRequest('U123', 'D123', 'grande', 'Ev-big', { padding }));
    expect(response.status).toBe(200);
    await waitFor(() => handler.events.some((e) => e.deliveryId === 'Ev-big'), 'the large DM');
  });
});
