/**
 * A fake Slack Web API on 127.0.0.1 (random port) for adapter tests: it answers the methods the
 * Slack adapter uses (auth.test, conversations.open, chat.postMessage, views.publish,
 * users.lookupByEmail), records every call with its parsed body, and can be told to fail a method
 * for some requests — with a Slack error (`{ ok: false, error }`) or a 429 with Retry-After.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackApiCall {
  method: string;
  /** the form or JSON body; JSON-valued fields (blocks, view) are parsed */
  body: Record<string, unknown>;
  /** the bearer token sent */
  token: string | undefined;
}

export type SlackFailure = { error: string } | { rateLimitedFor: number };

interface FailureRule {
  method: string;
  failure: SlackFailure;
  when: (body: Record<string, unknown>) => boolean;
}

export const FAKE_BOT_USER_ID = 'UBOT';

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const body: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    body[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
  }
  return body;
}

export class FakeSlackApi {
  readonly calls: SlackApiCall[] = [];
  /** email → user id, for users.lookupByEmail */
  readonly usersByEmail = new Map<string, string>();
  private readonly failures: FailureRule[] = [];
  private ts = 0;

  private constructor(
    private readonly server: Server,
    /** the base URL to give the adapter as `apiUrl` (ends with /api/) */
    readonly url: string,
  ) {}

  /** Starts the fake on 127.0.0.1 and a free port. */
  static async start(): Promise<FakeSlackApi> {
    let api: FakeSlackApi | undefined;
    const server = createServer((req, res) => void api!.route(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as AddressInfo;
    api = new FakeSlackApi(server, `http://127.0.0.1:${port}/api/`);
    return api;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** Makes `method` fail for the requests `when` selects (default: all). */
  fail(method: string, failure: SlackFailure, when: (body: Record<string, unknown>) => boolean = () => true): void {
    this.failures.push({ method, failure, when });
  }

  /** The recorded calls of one method, in order. */
  callsOf(method: string): SlackApiCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const method = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/^\/api\//, '');
    const body = parseBody(Buffer.concat(chunks).toString('utf8'), req.headers['content-type']);
    const token = req.headers.authorization?.replace(/^Bearer /, '');
    this.calls.push({ method, body, token });

    const rule = this.failures.find((f) => f.method === method && f.when(body));
    if (rule && 'rateLimitedFor' in rule.failure) {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(rule.failure.rateLimitedFor) });
      res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    const answer = rule && 'error' in rule.failure ? { ok: false, error: rule.failure.error } : this.answer(method, body);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer));
  }

  private answer(method: string, body: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://perfbot-test.slack.com/', team: 'Comune', user: 'perfbot', team_id: 'T0001', user_id: FAKE_BOT_USER_ID, bot_id: 'BBOT' };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(body.users ?? body.channel).replace(/^[UW]/, '')}` } };
      case 'chat.postMessage':
        this.ts += 1;
        return { ok: true, channel: body.channel, ts: `1700000000.${String(this.ts).padStart(6, '0')}`, message: { text: body.text } };
      case 'views.publish':
        return { ok: true, view: { id: 'V0001', ...(body.view as object) } };
      case 'users.lookupByEmail': {
        const id = this.usersByEmail.get(String(body.email));
        return id ? { ok: true, user: { id } } : { ok: false, error: 'users_not_found' };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}
