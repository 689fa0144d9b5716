/**
 * A fake Slack Web API on 127.0.0.1 (random port) for adapter tests: it answers the methods the
 * Slack adapter uses (auth.test, conversations.open, chat.postMessage, views.publish,
 * apps.connections.open (Socket Mode), users.lookupByEmail (auth.test with the granted scopes in X-OAuth-Scopes when set), conversations.history, and the external file upload:
 * files.getUploadURLExternal, a POST of the bytes to the upload URL it hands out,
 * files.completeUploadExternal), records every call with its parsed body and every uploaded file's
 * bytes, and can be told to fail a method for some requests — with a Slack error
 * (`{ ok: false, error }`) or a 429 with Retry-After. Posted messages are kept per channel with
 * their metadata (conversations.history shows it with include_all_metadata). A method can be held:
 * its requests take effect on arrival (a posted message is in the history) but are answered only
 * when released — a process killed meanwhile never learns the outcome. A gate holds the requests
 * of one key (an e-mail) until several have arrived, to make racing processes really race.
 * Started with `enforceLimits`, it applies Slack's published rate limits (chat.postMessage 1/s per
 * channel with short bursts, every other method its tier, workspace-wide) and answers what goes over
 * with 429 + Retry-After, recording nothing of it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeRateLimiter, type EnforcedLimit } from './fake-rate-limit.js';

/** Slack's tiers (api.slack.com/apis/rate-limits): calls per minute, bursting to a fifth of that. */
const TIER: Record<number, EnforcedLimit> = { 2: { ratePerSecond: 20 / 60, burst: 4 }, 3: { ratePerSecond: 50 / 60, burst: 10 }, 4: { ratePerSecond: 100 / 60, burst: 20 } };
const METHOD_TIER: Record<string, number> = {
  'auth.test': 4,
  'conversations.open': 3,
  'conversations.history': 3,
  'users.lookupByEmail': 3,
  'views.publish': 4,
  'files.getUploadURLExternal': 4,
  'files.completeUploadExternal': 4,
};
/** chat.postMessage: «1 per second per channel», with short bursts (3). */
const POST_PER_CHANNEL: EnforcedLimit = { ratePerSecond: 1, burst: 3 };

export interface SlackApiCall {
  method: string;
  /** the form or JSON body; JSON-valued fields (blocks, view) are parsed */
  body: Record<string, unknown>;
  /** the bearer token sent */
  token: string | undefined;
}

/** A file the adapter uploaded to an upload URL (the multipart part's file name and bytes). */
export interface SlackUpload {
  fileId: string;
  filename: string;
  bytes: Buffer;
}

/** `resetConnection`: the socket is closed before the request is processed (a stale keep-alive socket). */
export type SlackFailure = { error: string } | { rateLimitedFor: number } | { resetConnection: true };

interface FailureRule {
  method: string;
  failure: SlackFailure;
  when: (body: Record<string, unknown>) => boolean;
}

/** A message the bot posted, as the history shows it. */
export interface SlackPostedMessage {
  channel: string;
  ts: string;
  text: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

interface Gate {
  parties: number;
  arrived: number;
  open: Promise<void>;
  release: () => void;
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
  /** files received at upload URLs, in order */
  readonly uploads: SlackUpload[] = [];
  /** email → user id, for users.lookupByEmail */
  readonly usersByEmail = new Map<string, string>();
  /** the scopes auth.test reports in X-OAuth-Scopes, as Slack does (none: the header is left out) */
  grantedScopes: string[] | undefined;
  /** the WebSocket URL apps.connections.open hands out (a FakeSocketMode's), for Socket Mode tests */
  socketModeUrl: string | undefined;
  /** every message posted, in order */
  readonly posted: SlackPostedMessage[] = [];
  private readonly failures: FailureRule[] = [];
  private readonly holds = new Map<string, { released: Promise<void>; release: () => void }>();
  private readonly gates = new Map<string, { keyOf: (body: Record<string, unknown>) => string; parties: number; timeoutMs: number; open: Map<string, Gate> }>();
  private ts = 0;
  private fileIds = 0;

  private constructor(
    private readonly server: Server,
    /** the base URL to give the adapter as `apiUrl` (ends with /api/) */
    readonly url: string,
    /** Slack's rate limits, when enforced (`limiter.refused`: the 429s answered) */
    readonly limiter: FakeRateLimiter | undefined,
  ) {}

  /** Starts the fake on 127.0.0.1 and a free port; `enforceLimits` applies Slack's rate limits, its second scaled by `timeScale`. */
  static async start(options: { enforceLimits?: { timeScale: number } } = {}): Promise<FakeSlackApi> {
    let api: FakeSlackApi | undefined;
    const server = createServer((req, res) => void api!.route(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const { port } = server.address() as AddressInfo;
    api = new FakeSlackApi(server, `http://127.0.0.1:${port}/api/`, options.enforceLimits ? new FakeRateLimiter(options.enforceLimits.timeScale) : undefined);
    return api;
  }

  async stop(): Promise<void> {
    for (const held of [...this.holds.values()]) held.release();
    for (const gate of this.gates.values()) for (const g of gate.open.values()) g.release();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** Makes `method` fail for the requests `when` selects (default: all). */
  fail(method: string, failure: SlackFailure, when: (body: Record<string, unknown>) => boolean = () => true): void {
    this.failures.push({ method, failure, when });
  }

  /**
   * Holds every request to `method`: it takes effect and is recorded on arrival, and is answered
   * only when the returned function is called (`stop` releases what is still held).
   */
  hold(method: string): () => void {
    let open: () => void = () => {};
    const held = { released: new Promise<void>((resolve) => (open = resolve)), release: () => {} };
    held.release = () => {
      if (this.holds.get(method) === held) this.holds.delete(method);
      open();
    };
    this.holds.set(method, held);
    return held.release;
  }

  /**
   * Holds the requests to `method` with the same key (`keyOf` of the body) until `parties` of them
   * have arrived, or `timeoutMs` has passed, then answers them all: racing callers overlap for sure.
   */
  gate(method: string, keyOf: (body: Record<string, unknown>) => string, parties: number, timeoutMs = 10_000): void {
    this.gates.set(method, { keyOf, parties, timeoutMs, open: new Map() });
  }

  /** The messages posted to a channel, oldest first. */
  postedTo(channel: string): SlackPostedMessage[] {
    return this.posted.filter((m) => m.channel === channel);
  }

  /** The recorded calls of one method, in order. */
  callsOf(method: string): SlackApiCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname.startsWith('/upload/')) return this.receiveUpload(pathname.slice('/upload/'.length), Buffer.concat(chunks), req, res);
    const method = pathname.replace(/^\/api\//, '');
    const body = parseBody(Buffer.concat(chunks).toString('utf8'), req.headers['content-type']);
    const token = req.headers.authorization?.replace(/^Bearer /, '');
    const rule = this.failures.find((f) => f.method === method && f.when(body));
    if (rule && 'resetConnection' in rule.failure) {
      req.socket.destroy();
      return;
    }
    if (this.limiter) {
      const limit = method === 'chat.postMessage' ? { key: `post:${String(body.channel)}`, limit: POST_PER_CHANNEL } : { key: method, limit: TIER[METHOD_TIER[method] ?? 2]! };
      const admitted = this.limiter.admit([limit]);
      if (!admitted.ok) {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(admitted.retryAfterSeconds) });
        res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
        return;
      }
    }
    this.calls.push({ method, body, token });

    if (rule && 'rateLimitedFor' in rule.failure) {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(rule.failure.rateLimitedFor) });
      res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    const answer = rule && 'error' in rule.failure ? { ok: false, error: rule.failure.error } : this.answer(method, body);
    await this.passGate(method, body);
    const held = this.holds.get(method);
    if (held) await held.released;
    if (res.writableEnded || res.destroyed) return;
    res.writeHead(200, { 'content-type': 'application/json', ...(this.grantedScopes ? { 'x-oauth-scopes': this.grantedScopes.join(',') } : {}) });
    res.end(JSON.stringify(answer));
  }

  private async passGate(method: string, body: Record<string, unknown>): Promise<void> {
    const gate = this.gates.get(method);
    if (!gate) return;
    const key = gate.keyOf(body);
    let g = gate.open.get(key);
    if (!g) {
      let release: () => void = () => {};
      const open = new Promise<void>((resolve) => (release = resolve));
      const timer = setTimeout(() => release(), gate.timeoutMs);
      g = { parties: gate.parties, arrived: 0, open, release: () => (clearTimeout(timer), release()) };
      gate.open.set(key, g);
    }
    g.arrived += 1;
    if (g.arrived >= g.parties) g.release();
    await g.open;
  }

  /** conversations.history: the channel's messages newest first, after `oldest`, `limit` per page with a cursor. */
  private history(body: Record<string, unknown>): Record<string, unknown> {
    const oldest = Number(body.oldest ?? 0);
    const withMetadata = String(body.include_all_metadata) === 'true';
    const all = this.postedTo(String(body.channel))
      .filter((m) => Number(m.ts) > oldest)
      .reverse();
    const start = Number(body.cursor ?? 0);
    const limit = Number(body.limit ?? 100);
    const page = all.slice(start, start + limit).map((m) => ({ type: 'message', user: FAKE_BOT_USER_ID, bot_id: 'BBOT', text: m.text, ts: m.ts, ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}) }));
    const more = start + limit < all.length;
    return { ok: true, messages: page, has_more: more, response_metadata: { next_cursor: more ? String(start + limit) : '' } };
  }

  /** The upload URL: Slack's client posts the file as multipart/form-data; the bytes are kept as received. */
  private async receiveUpload(fileId: string, raw: Buffer, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
    const file = [...form.values()].find((value): value is File => typeof value !== 'string');
    if (!file) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('no file');
      return;
    }
    this.uploads.push({ fileId, filename: file.name, bytes: Buffer.from(await file.arrayBuffer()) });
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${file.size}`);
  }

  private answer(method: string, body: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://perfbot-test.slack.com/', team: 'Comune', user: 'perfbot', team_id: 'T0001', user_id: FAKE_BOT_USER_ID, bot_id: 'BBOT' };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(body.users ?? body.channel).replace(/^[UW]/, '')}` } };
      case 'chat.postMessage': {
        this.ts += 1;
        // Slack's ts is the posting time (conversations.history's `oldest` compares with it).
        const ts = `${Math.floor(Date.now() / 1000)}.${String(this.ts).padStart(6, '0')}`;
        const metadata = body.metadata as SlackPostedMessage['metadata'] | undefined;
        this.posted.push({ channel: String(body.channel), ts, text: String(body.text ?? ''), ...(metadata ? { metadata } : {}) });
        return { ok: true, channel: body.channel, ts, message: { text: body.text } };
      }
      case 'conversations.history':
        return this.history(body);
      case 'apps.connections.open':
        return this.socketModeUrl ? { ok: true, url: this.socketModeUrl } : { ok: false, error: 'not_allowed_token_type' };
      case 'views.publish':
        return { ok: true, view: { id: 'V0001', ...(body.view as object) } };
      case 'files.getUploadURLExternal': {
        this.fileIds += 1;
        const fileId = `F${String(this.fileIds).padStart(6, '0')}`;
        return { ok: true, file_id: fileId, upload_url: new URL(`/upload/${fileId}`, this.url).toString() };
      }
      case 'files.completeUploadExternal': {
        const files = (body.files ?? []) as Array<{ id: string; title?: string }>;
        const unknown = files.find((f) => !this.uploads.some((u) => u.fileId === f.id));
        if (unknown) return { ok: false, error: 'file_not_found' };
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title, channels: body.channel_id ? [body.channel_id] : [] })) };
      }
      case 'users.lookupByEmail': {
        const id = this.usersByEmail.get(String(body.email));
        return id ? { ok: true, user: { id } } : { ok: false, error: 'users_not_found' };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}
