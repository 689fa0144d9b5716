/**
 * The Slack adapter end to end: the real Bolt app (HTTPReceiver with signature verification)
 * receives signed requests like Slack's and talks to a fake Web API on 127.0.0.1. The handler is
 * scripted: what is under test is the translation both ways, not the check-in engine.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackChannel, type SlackChannel } from '../../src/chat/slack/adapter.js';
import { PlatformError, UnreachableError, type OutgoingMessage } from '../../src/chat/port.js';
import { SendQueue, slackLimits } from '../../src/chat/send-queue.js';
import { translator } from '../../src/i18n/messages.js';
import { FakeSlackApi, type SlackApiCall } from '../support/fake-slack-api.js';
import { RecordingHandler, echo } from '../support/recording-handler.js';
import { recordingLogger } from '../support/recording-logger.js';
import { buttonPressRequest, commandRequest, deliverToSlackApp, dmRequest, eventRequest, type DeliveryOptions, type SlackRequest } from '../support/slack-requests.js';
import { waitFor } from '../support/wait-for.js';

const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
const BOT_TOKEN = 'xoxb-test-token';

interface SectionBlock {
  type: 'section';
  text: { type: string; text: string };
}
interface ActionsBlock {
  type: 'actions';
  elements: Array<{ type: string; action_id: string; value: string; text: { text: string }; style?: string }>;
}
type Block = SectionBlock | ActionsBlock | { type: string };

function blocksOf(call: SlackApiCall): Block[] {
  return call.body.blocks as Block[];
}

function unescapeMrkdwn(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** A handler whose replies wait until the test releases them (to see that Slack was acked first). */
function gate(): { wait: Promise<void>; open: () => void } {
  let open: () => void = () => {};
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

describe('Slack adapter (real Bolt app against a fake Web API)', () => {
  let api: FakeSlackApi;
  let handler: RecordingHandler;
  let logger: ReturnType<typeof recordingLogger>;
  let channel: SlackChannel;
  let eventsUrl: string;

  const deliver = (request: SlackRequest, options?: DeliveryOptions) => deliverToSlackApp(eventsUrl, SIGNING_SECRET, request, options);
  const posts = () => api.callsOf('chat.postMessage');

  beforeEach(async () => {
    api = await FakeSlackApi.start();
    handler = new RecordingHandler();
    logger = recordingLogger();
    // Slack's limits at 1/50 of real time: the split test's messages to one channel would wait a
    // second each (chat.postMessage, 1/s per channel); the pacing itself is tested in send-queue.test.ts.
    const sendQueue = new SendQueue({ platform: 'slack', limitsOf: slackLimits, timeScale: 0.02 });
    channel = createSlackChannel({ handler, botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: api.url, port: 0, logger, sendQueue });
    await channel.start();
    eventsUrl = `http://127.0.0.1:${channel.port}/slack/events`;
  });

  afterEach(async () => {
    await channel.stop();
    await api.stop();
  });

  it('verifies the bot token at start and listens on a random local port', () => {
    expect(api.callsOf('auth.test')).toHaveLength(1);
    expect(api.callsOf('auth.test')[0]!.token).toBe(BOT_TOKEN);
    expect(channel.port).toBeGreaterThan(0);
  });

  it('passes a DM to the handler and posts the reply in the same DM as Block Kit with a text fallback', async () => {
    const response = await deliver(dmRequest('U123', 'D123', '60 & <più>', 'Ev001'));
    expect(response.status).toBe(200);

    const [post] = await waitFor(() => (posts().length > 0 ? posts() : undefined), 'the reply');
    expect(handler.events).toEqual([
      { platform: 'slack', userId: 'U123', chatId: 'D123', kind: 'text', text: '60 & <più>', messageRef: '1700000000.000200', deliveryId: 'Ev001' },
    ]);
    expect(post!.token).toBe(BOT_TOKEN);
    expect(post!.body.channel).toBe('D123');
    expect(post!.body.text).toBe('echo text: 60 &amp; &lt;più&gt;');
    const [section, actions] = blocksOf(post!) as [SectionBlock, ActionsBlock];
    expect(section).toEqual({ type: 'section', text: { type: 'mrkdwn', text: 'echo text: 60 &amp; &lt;più&gt;' } });
    expect(actions.type).toBe('actions');
    expect(actions.elements.map((e) => [e.text.text, e.value, e.style])).toEqual([
      ['Sì', 'yes', 'primary'],
      ['No', 'no', undefined],
    ]);
    expect(actions.elements.every((e) => e.action_id.startsWith('perfbot:choice:'))).toBe(true);
  });

  it('ignores bot posts, edits, channel messages and its own messages', async () => {
    await deliver(dmRequest('U123', 'D123', 'from a bot', 'Ev-bot', { bot_id: 'B999' }));
    await deliver(dmRequest('U123', 'D123', 'edited', 'Ev-edit', { subtype: 'message_changed' }));
    await deliver(dmRequest('U123', 'C123', 'in a channel', 'Ev-channel', { channel_type: 'channel' }));
    await deliver(dmRequest('UBOT', 'D123', 'my own post', 'Ev-self'));
    await deliver(dmRequest('U123', 'D123', 'real', 'Ev-real'));

    await waitFor(() => posts().length > 0, 'the reply to the real message');
    expect(handler.events.map((e) => e.deliveryId)).toEqual(['Ev-real']);
    expect(posts()).toHaveLength(1);
  });

  it('acknowledges a button press before the handler runs, then passes it as a choice', async () => {
    const replies = gate();
    handler.script = async (event) => {
      await replies.wait;
      return echo(event);
    };
    const response = await deliver(buttonPressRequest({ userId: 'U123', actionId: 'perfbot:choice:0:1', value: 'no', triggerId: 'trig-1', channel: 'D123', messageTs: '1700000000.000777' }));
    expect(response.status).toBe(200); // answered while the handler is still waiting
    await waitFor(() => handler.events.length > 0, 'the choice event');
    expect(posts()).toHaveLength(0);
    replies.open();

    const [post] = await waitFor(() => (posts().length > 0 ? posts() : undefined), 'the reply');
    expect(handler.events).toEqual([
      { platform: 'slack', userId: 'U123', chatId: 'D123', kind: 'choice', text: 'no', messageRef: '1700000000.000777', deliveryId: 'trig-1' },
    ]);
    expect(post!.body.channel).toBe('D123');
    expect(api.callsOf('conversations.open')).toHaveLength(0);
  });

  it('runs `/perfbot <subcommand> args` as a command, acknowledged at once, answered in the DM', async () => {
    const replies = gate();
    handler.script = async (event) => {
      await replies.wait;
      return echo(event);
    };
    const response = await deliver(commandRequest('/perfbot', 'lingua  en', 'U123', 'trig-2'));
    expect(response.status).toBe(200);
    await waitFor(() => handler.events.length > 0, 'the command event');
    replies.open();

    const [post] = await waitFor(() => (posts().length > 0 ? posts() : undefined), 'the reply');
    expect(handler.events).toEqual([{ platform: 'slack', userId: 'U123', chatId: 'D123', kind: 'command', command: 'lingua', text: 'en', deliveryId: 'trig-2' }]);
    expect(api.callsOf('conversations.open').map((c) => c.body.users)).toEqual(['U123']);
    expect(post!.body.channel).toBe('D123');
  });

  it('refuses forged, stale and unsigned requests with 401 before any listener runs', async () => {
    const forged = await deliver(dmRequest('U123', 'D123', 'forged', 'Ev-forged'), { signature: 'forged' });
    const stale = await deliver(dmRequest('U123', 'D123', 'stale', 'Ev-stale'), { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 });
    const unsigned = await deliver(commandRequest('/perfbot', 'stato', 'U123', 'trig-unsigned'), { signature: 'missing' });
    expect([forged.status, stale.status, unsigned.status]).toEqual([401, 401, 401]);

    const ok = await deliver(dmRequest('U123', 'D123', 'signed', 'Ev-signed'));
    expect(ok.status).toBe(200);
    await waitFor(() => posts().length > 0, 'the reply to the signed message');
    expect(handler.events.map((e) => e.deliveryId)).toEqual(['Ev-signed']);
  });

  it('passes a retried event (X-Slack-Retry-Num) with the same delivery id, answers 200, and replies once', async () => {
    const first = await deliver(dmRequest('U123', 'D123', 'ciao', 'Ev-retry'));
    await waitFor(() => posts().length === 1, 'the first reply');
    const retry = await deliver(dmRequest('U123', 'D123', 'ciao', 'Ev-retry'), { retryNum: 1 });
    expect([first.status, retry.status]).toEqual([200, 200]);
    await waitFor(() => handler.events.length === 2, 'the retried event');
    expect(handler.events.map((e) => e.deliveryId)).toEqual(['Ev-retry', 'Ev-retry']);

    await deliver(dmRequest('U123', 'D123', 'dopo', 'Ev-after'));
    await waitFor(() => posts().length === 2, 'the reply to the next message');
    expect(posts().map((p) => p.body.text)).toEqual(['echo text: ciao', 'echo text: dopo']);
  });

  it('publishes the Home tab from the stato reply, and its button starts a check-in', async () => {
    handler.script = (event) => (event.command === 'stato' ? [{ text: '*Il tuo stato*\nIn sospeso: 2 (OB1 fase 1, OB2 ind. 1)' }] : echo(event));
    await deliver(eventRequest({ type: 'app_home_opened', user: 'U123', channel: 'D123', tab: 'messages' }, 'Ev-messages-tab'));
    await deliver(eventRequest({ type: 'app_home_opened', user: 'U123', channel: 'D123', tab: 'home' }, 'Ev-home'));

    const [publish] = await waitFor(() => (api.callsOf('views.publish').length > 0 ? api.callsOf('views.publish') : undefined), 'views.publish');
    expect(handler.events).toEqual([{ platform: 'slack', userId: 'U123', chatId: 'D123', kind: 'command', command: 'stato', text: '', deliveryId: 'Ev-home' }]);
    expect(publish!.body.user_id).toBe('U123');
    const view = publish!.body.view as { type: string; blocks: Block[] };
    expect(view.type).toBe('home');
    expect(view.blocks).toContainEqual({ type: 'section', text: { type: 'mrkdwn', text: '*Il tuo stato*\nIn sospeso: 2 (OB1 fase 1, OB2 ind. 1)' } });
    const start = view.blocks.at(-1) as ActionsBlock;
    expect(start.elements).toEqual([
      expect.objectContaining({ action_id: 'perfbot:command', value: 'rispondi', text: expect.objectContaining({ text: translator('it')('chat.home.answerNow') }) }),
    ]);

    // pressed from the Home tab by someone whose DM the adapter has not seen yet
    await deliver(buttonPressRequest({ userId: 'U555', actionId: 'perfbot:command', value: 'rispondi', triggerId: 'trig-home' }));
    const reply = await waitFor(() => posts().find((p) => p.body.channel === 'D555'), 'the check-in reply');
    expect(handler.events[1]).toEqual({ platform: 'slack', userId: 'U555', chatId: 'D555', kind: 'command', command: 'rispondi', text: '', messageRef: undefined, deliveryId: 'trig-home' });
    expect(api.callsOf('conversations.open').map((c) => c.body.users)).toEqual(['U555']);
    expect(reply.body.text).toBe('echo command rispondi:');
  });

  it('answers with a short notice when the handler fails, and logs the failure', async () => {
    handler.script = () => {
      throw new Error('database down');
    };
    await deliver(dmRequest('U123', 'D123', 'ciao', 'Ev-fail'));
    const [post] = await waitFor(() => (posts().length > 0 ? posts() : undefined), 'the notice');
    expect(post!.body.text).toBe(translator('it')('chat.error').replace(/&/g, '&amp;'));
    expect(logger.lines.map((l) => l.message)).toContain('slack: the conversation handler failed');
  });

  it('splits a long message under Slack limits (50 blocks, 3,000 characters a section, 5 buttons a row, 25 a message) losing nothing', async () => {
    const paragraphs = Array.from({ length: 130 }, (_, i) => `Paragrafo ${i}: obiettivo *OB${i}* 5 < 6 & ${'avanzamento regolare '.repeat(60)}fine${i}`);
    paragraphs.splice(40, 0, Array.from({ length: 400 }, (_, i) => `riga ${i} della tabella & note`).join('\n'));
    paragraphs.splice(80, 0, `parolalunga${'x'.repeat(7000)}`);
    const text = paragraphs.join('\n\n');
    const choices = Array.from({ length: 4 }, (_, r) => Array.from({ length: 8 }, (_, c) => ({ label: `Scelta ${r}-${c}`, value: `v${r}-${c}` })));
    const message: OutgoingMessage = { text, choices };

    const ts = await channel.send({ platform: 'slack', chatId: 'U777' }, message);

    const sent = posts();
    expect(sent.length).toBeGreaterThan(3);
    expect(ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(api.callsOf('conversations.open').map((c) => c.body.users)).toEqual(['U777']);
    const sections: string[] = [];
    const values: string[] = [];
    for (const post of sent) {
      expect(post.body.channel).toBe('D777');
      expect(String(post.body.text).length).toBeGreaterThan(0);
      const blocks = blocksOf(post);
      expect(blocks.length).toBeLessThanOrEqual(50);
      let buttons = 0;
      for (const block of blocks) {
        if (block.type === 'section') {
          const section = (block as SectionBlock).text.text;
          expect(section.length).toBeLessThanOrEqual(3000);
          sections.push(unescapeMrkdwn(section));
        } else {
          const elements = (block as ActionsBlock).elements;
          expect(elements.length).toBeLessThanOrEqual(5);
          buttons += elements.length;
          values.push(...elements.map((e) => e.value));
        }
      }
      expect(buttons).toBeLessThanOrEqual(25);
    }
    // every character a person reads arrives, in order (only whitespace at the cuts may change)
    expect(sections.join('').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
    expect(values).toEqual(choices.flat().map((c) => c.value));
    // buttons come after all the text
    const kinds = sent.flatMap(blocksOf).map((b) => b.type);
    expect(kinds.lastIndexOf('section')).toBeLessThan(kinds.indexOf('actions'));
  });

  it.each(['account_inactive', 'user_not_found', 'cannot_dm_bot', 'user_disabled'])('reports `%s` as UnreachableError and tells the handler', async (code) => {
    api.fail('chat.postMessage', { error: code }, (body) => body.channel === 'D900');
    const failure = await channel.send({ platform: 'slack', chatId: 'U900' }, { text: 'promemoria' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UnreachableError);
    expect((failure as UnreachableError).reason).toBe(code);
    expect(handler.unreachable).toEqual([{ platform: 'slack', userId: 'U900', reason: code }]);
  });

  it('reports a person conversations.open cannot reach, and a refused reply to a DM, as unreachable', async () => {
    api.fail('conversations.open', { error: 'user_not_found' }, (body) => body.users === 'U901');
    await expect(channel.send({ platform: 'slack', chatId: 'U901' }, { text: 'promemoria' })).rejects.toBeInstanceOf(UnreachableError);
    expect(posts()).toHaveLength(0);

    api.fail('chat.postMessage', { error: 'account_inactive' }, (body) => body.channel === 'D950');
    await deliver(dmRequest('U950', 'D950', 'ciao', 'Ev-950'));
    await waitFor(() => handler.unreachable.length === 2, 'the second unreachable mark');
    expect(handler.unreachable).toEqual([
      { platform: 'slack', userId: 'U901', reason: 'user_not_found' },
      { platform: 'slack', userId: 'U950', reason: 'account_inactive' },
    ]);
  });

  it('turns rate limiting into a PlatformError carrying Retry-After, and other Slack errors into PlatformError', async () => {
    api.fail('chat.postMessage', { rateLimitedFor: 7 }, (body) => body.channel === 'D902');
    api.fail('chat.postMessage', { error: 'channel_not_found' }, (body) => body.channel === 'D903');

    const limited = await channel.send({ platform: 'slack', chatId: 'U902' }, { text: 'uno' }).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(PlatformError);
    expect(limited).toMatchObject({ platform: 'slack', method: 'chat.postMessage', code: 'ratelimited', retryAfterSeconds: 7 });

    const refused = await channel.send({ platform: 'slack', chatId: 'U903' }, { text: 'due' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PlatformError);
    expect(refused).toMatchObject({ method: 'chat.postMessage', code: 'channel_not_found' });
    expect(handler.unreachable).toEqual([]);
  });

  it('tries a call once more when the connection was reset before Slack answered, and only once', async () => {
    let resets = 0;
    api.fail('chat.postMessage', { resetConnection: true }, (body) => body.channel === 'D904' && resets++ === 0);
    await channel.send({ platform: 'slack', chatId: 'U904' }, { text: 'dopo una pausa' });
    expect(posts().filter((call) => call.body.channel === 'D904').map((call) => call.body.text)).toEqual(['dopo una pausa']);

    api.fail('chat.postMessage', { resetConnection: true }, (body) => body.channel === 'D905');
    const failure = await channel.send({ platform: 'slack', chatId: 'U905' }, { text: 'mai' }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ platform: 'slack', method: 'chat.postMessage', code: 'request_failed' });
    expect(posts().filter((call) => call.body.channel === 'D905')).toEqual([]);
  });
});
