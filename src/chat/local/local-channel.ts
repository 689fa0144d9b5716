/**
 * The local chat channel: a small web page on this machine where you pick a person of the plan and
 * go through a real check-in against the same engine and database as Slack and Telegram. It is
 * what `npm start` opens, and it lets anyone who reaches it act as anyone in the plan, so it is
 * reachable only from this machine's own pages:
 * - it listens on 127.0.0.1 only;
 * - it answers only requests addressed to 127.0.0.1:<port> or localhost:<port> (Host), which
 *   defeats DNS rebinding (a foreign name pointed at 127.0.0.1);
 * - a request from a browser page must come from the same origin (Origin, Sec-Fetch-Site), and
 *   every API call carries a random per-start token that only the served page knows (a custom
 *   header: a cross-origin form or `text/plain` POST cannot set it);
 * - bodies over 16 KB get 413 before they are read.
 * PERFBOT_LOCAL_CHAT=off turns it off.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db } from '../../db/database.js';
import type { Locale } from '../../i18n/messages.js';
import type { ConversationHandler } from '../../conversations/conversation-handler.js';
import type { ChatAddress, ChatEvent, ChatPort, OutgoingImage, OutgoingMessage } from '../port.js';
import { BodyTooLargeError, readLimitedBody, refuseUnread } from '../request-body.js';
import { LOCAL_TOKEN_HEADER, localPage } from './local-page.js';

/** The only interface the local chat listens on. */
const LOOPBACK = '127.0.0.1';

export interface LocalChannelOptions {
  db: Db;
  handler: ConversationHandler;
  port: number;
}

interface PersonEntry {
  id: string;
  name: string;
  ente: string;
  roles: string[];
}

/** What the page polls: messages, and pictures inlined as data URLs (the page needs no other request). */
export type LocalOutboxEntry = Omit<OutgoingMessage, 'image'> | { text: string; image: string; filename: string };

/** A picture as the page shows it: its caption and the PNG as a data URL. */
function pictureEntry(image: OutgoingImage): LocalOutboxEntry {
  return { text: image.caption ?? '', image: `data:image/png;base64,${image.png.toString('base64')}`, filename: image.filename };
}

/** The largest event body the page sends is a few hundred bytes. */
export const LOCAL_MAX_BODY = 16 * 1024;

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json; charset=utf-8'): void {
  // the page must not be framed by another site (clickjacking the buttons)
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-frame-options': 'DENY', 'content-security-policy': "frame-ancestors 'none'" });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function sameToken(given: string | string[] | undefined, expected: Buffer): boolean {
  const candidate = Buffer.from(typeof given === 'string' ? given : '', 'utf8');
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}

/**
 * The page's language: the browser's first preferred language perfbot speaks (Accept-Language),
 * Italian when it names neither.
 */
export function pageLocale(acceptLanguage: string | undefined): Locale {
  for (const range of (acceptLanguage ?? '').split(',')) {
    const language = range.trim().slice(0, 2).toLowerCase();
    if (language === 'it' || language === 'en') return language;
  }
  return 'it';
}

/** The local channel: an HTTP server and a ChatPort whose proactive messages wait in an outbox the page polls. */
export class LocalChannel implements ChatPort {
  readonly platform = 'local' as const;
  readonly maxTextLength = 100_000;
  private server: Server | undefined;
  private readonly outbox = new Map<string, LocalOutboxEntry[]>();
  private sequence = 0;
  /** the per-start secret the served page carries; an API call without it is refused */
  private readonly token = Buffer.from(randomBytes(24).toString('base64url'), 'utf8');
  private port = 0;

  constructor(private readonly options: LocalChannelOptions) {}

  async send(to: ChatAddress, message: OutgoingMessage): Promise<string> {
    return this.deliver(to, message);
  }

  async sendImage(to: ChatAddress, image: OutgoingImage): Promise<string> {
    return this.deliver(to, pictureEntry(image));
  }

  private deliver(to: ChatAddress, entry: LocalOutboxEntry): string {
    this.outbox.set(to.chatId, [...(this.outbox.get(to.chatId) ?? []), entry]);
    return `local-${++this.sequence}`;
  }

  /** Starts listening on 127.0.0.1; resolves to the page's URL. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.route(req, res).catch(() => {
        if (!res.headersSent) send(res, 500, { error: 'internal error' });
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.options.port, LOOPBACK, () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return `http://${LOOPBACK}:${this.port}/`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async people(): Promise<PersonEntry[]> {
    const rows = await this.options.db.person.findMany({
      orderBy: [{ enteId: 'asc' }, { name: 'asc' }],
      include: { ente: true, roles: { select: { role: true } } },
    });
    return rows.map((p) => ({ id: `${p.ente.code}/${p.code}`, name: p.name, ente: p.ente.name, roles: [...new Set(p.roles.map((r) => r.role))] }));
  }

  /**
   * Why a request may not be served, or null: a Host other than this server's loopback names
   * (DNS rebinding), a page of another origin, or an API call without the page's token.
   */
  private refusal(req: IncomingMessage, pathname: string): { status: number; error: string } | null {
    const host = req.headers.host ?? '';
    if (host !== `${LOOPBACK}:${this.port}` && host !== `localhost:${this.port}`) return { status: 403, error: 'forbidden host' };
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${host}`) return { status: 403, error: 'cross-origin request' };
    if (req.headers['sec-fetch-site'] === 'cross-site') return { status: 403, error: 'cross-origin request' };
    if (pathname.startsWith('/api/') && !sameToken(req.headers[LOCAL_TOKEN_HEADER], this.token)) return { status: 401, error: 'missing or wrong token' };
    return null;
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const refused = this.refusal(req, url.pathname);
    // a refused request's body is not read at all
    if (refused) return refuseUnread(req, res, refused.status);
    if (req.method === 'GET' && url.pathname === '/') return send(res, 200, localPage(pageLocale(req.headers['accept-language']), this.token.toString('utf8')), 'text/html; charset=utf-8');
    if (req.method === 'GET' && url.pathname === '/api/people') return send(res, 200, await this.people());
    if (req.method === 'GET' && url.pathname === '/api/outbox') {
      const chatId = url.searchParams.get('person') ?? '';
      const messages = this.outbox.get(chatId) ?? [];
      this.outbox.delete(chatId);
      return send(res, 200, messages);
    }
    if (req.method === 'POST' && url.pathname === '/api/event') {
      if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return refuseUnread(req, res, 415);
      let raw: Buffer;
      try {
        raw = await readLimitedBody(req, res, LOCAL_MAX_BODY);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return; // answered 413
        throw error;
      }
      let body: { person?: unknown; kind?: unknown; text?: unknown; command?: unknown };
      try {
        body = JSON.parse(raw.toString('utf8') || '{}') as typeof body;
      } catch {
        return send(res, 400, { error: 'invalid JSON' });
      }
      if (typeof body !== 'object' || body === null) return send(res, 400, { error: 'a JSON object expected' });
      const kind = body.kind === 'choice' || body.kind === 'command' ? body.kind : 'text';
      if (typeof body.person !== 'string' || typeof body.text !== 'string') return send(res, 400, { error: 'person and text are required' });
      const event: ChatEvent = {
        platform: 'local',
        userId: body.person,
        chatId: body.person,
        kind,
        text: body.text.slice(0, 4000),
        ...(typeof body.command === 'string' ? { command: body.command } : {}),
        messageRef: `local-${++this.sequence}`,
      };
      // A picture is sent to the page as the outbox sends a digest's chart: a data URL.
      const replies = (await this.options.handler.handle(event)).map((reply): LocalOutboxEntry => (reply.image ? pictureEntry(reply.image) : reply));
      return send(res, 200, replies);
    }
    send(res, 404, { error: 'not found' });
  }
}
