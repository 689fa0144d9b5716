/**
 * A fake chat platform on 127.0.0.1 for dispatcher tests across processes: POST /send records a
 * message (optionally slowly, to kill a worker mid-batch), GET /delivered?key= says whether a
 * message with that delivery key arrived, and the test reads every message received.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedMessage {
  chatId: string;
  deliveryKey: string;
  text: string;
  ref: string;
}

export class FakeChatApi {
  readonly received: ReceivedMessage[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(delayMs = 0): Promise<FakeChatApi> {
    let api: FakeChatApi | undefined;
    const server = createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method === 'POST' && url.pathname === '/send') {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Omit<ReceivedMessage, 'ref'>;
        const ref = `msg-${api!.received.length + 1}`;
        api!.received.push({ ...body, ref });
        if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, ref }));
        return;
      }
      if (req.method === 'GET' && url.pathname === '/delivered') {
        const found = api!.received.find((m) => m.deliveryKey === url.searchParams.get('key'));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ref: found?.ref ?? null }));
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    api = new FakeChatApi(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return api;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
