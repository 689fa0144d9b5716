/**
 * The local chat channel: a small web page on localhost where you pick a person of the plan and go
 * through a real check-in against the same engine and database as Slack and Telegram. No token,
 * no account: it is what `npm start` opens. Listens on 127.0.0.1 only.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db } from '../../db/database.js';
import type { ConversationHandler } from '../../conversations/conversation-handler.js';
import type { ChatAddress, ChatEvent, ChatPort, OutgoingImage, OutgoingMessage } from '../port.js';
import { localPage } from './local-page.js';

export interface LocalChannelOptions {
  db: Db;
  handler: ConversationHandler;
  port: number;
  host?: string;
}

interface PersonEntry {
  id: string;
  name: string;
  ente: string;
  roles: string[];
}

/** What the page polls: messages, and pictures inlined as data URLs (the page needs no other request). */
export type LocalOutboxEntry = OutgoingMessage | { text: string; image: string; filename: string };

const MAX_BODY = 16 * 1024;

async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** The local channel: an HTTP server and a ChatPort whose proactive messages wait in an outbox the page polls. */
export class LocalChannel implements ChatPort {
  readonly platform = 'local' as const;
  readonly maxTextLength = 100_000;
  private server: Server | undefined;
  private readonly outbox = new Map<string, LocalOutboxEntry[]>();
  private sequence = 0;

  constructor(private readonly options: LocalChannelOptions) {}

  async send(to: ChatAddress, message: OutgoingMessage): Promise<string> {
    return this.deliver(to, message);
  }

  async sendImage(to: ChatAddress, image: OutgoingImage): Promise<string> {
    return this.deliver(to, { text: image.caption ?? '', image: `data:image/png;base64,${image.png.toString('base64')}`, filename: image.filename });
  }

  private deliver(to: ChatAddress, entry: LocalOutboxEntry): string {
    this.outbox.set(to.chatId, [...(this.outbox.get(to.chatId) ?? []), entry]);
    return `local-${++this.sequence}`;
  }

  /** Starts listening; resolves to the page's URL. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.route(req, res).catch(() => send(res, 500, { error: 'internal error' }));
    });
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.options.port, host, () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    return `http://${host}:${port}/`;
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

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/') return send(res, 200, localPage(), 'text/html; charset=utf-8');
    if (req.method === 'GET' && url.pathname === '/api/people') return send(res, 200, await this.people());
    if (req.method === 'GET' && url.pathname === '/api/outbox') {
      const chatId = url.searchParams.get('person') ?? '';
      const messages = this.outbox.get(chatId) ?? [];
      this.outbox.delete(chatId);
      return send(res, 200, messages);
    }
    if (req.method === 'POST' && url.pathname === '/api/event') {
      let body: { person?: unknown; kind?: unknown; text?: unknown; command?: unknown };
      try {
        body = (await readJson(req)) as typeof body;
      } catch {
        return send(res, 400, { error: 'invalid JSON' });
      }
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
      return send(res, 200, await this.options.handler.handle(event));
    }
    send(res, 404, { error: 'not found' });
  }
}
