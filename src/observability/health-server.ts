/**
 * The operations endpoint, on its own port: GET /healthz (the process is alive), GET /readyz (every
 * readiness check passes: 200, or 503 with the reasons, one per line) and GET /metrics (Prometheus
 * text). It serves nothing else and reads nothing from the request.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Check } from './readiness.js';
import type { Metrics } from './metrics.js';

export class HealthServer {
  private server: Server | undefined;

  constructor(private readonly options: { port: number; host: string; checks: Check[]; metrics: Metrics }) {}

  /** the bound port once started (0 asks for a free one) */
  get port(): number | undefined {
    return (this.server?.address() as AddressInfo | null | undefined)?.port;
  }

  /** Runs every check; resolves to the reasons of those that fail (empty: ready). */
  async problems(): Promise<string[]> {
    const results = await Promise.all(this.options.checks.map((check) => check().catch((error: unknown) => `check failed: ${(error as Error).message}`)));
    return results.filter((r): r is string => r !== null);
  }

  async start(): Promise<number> {
    const server = createServer((req, res) => {
      const { pathname } = new URL(req.url ?? '/', 'http://localhost');
      req.resume();
      const reply = (status: number, body: string, type = 'text/plain; charset=utf-8') => res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
      if (req.method !== 'GET' && req.method !== 'HEAD') return reply(405, 'method not allowed\n');
      if (pathname === '/healthz') return reply(200, 'ok\n');
      if (pathname === '/readyz') {
        void this.problems().then((problems) => reply(problems.length === 0 ? 200 : 503, problems.length === 0 ? 'ready\n' : `${problems.join('\n')}\n`));
        return;
      }
      if (pathname === '/metrics') {
        void this.options.metrics.text().then(
          (text) => reply(200, text, this.options.metrics.contentType),
          (error: unknown) => reply(500, `metrics unavailable: ${(error as Error).message}\n`),
        );
        return;
      }
      reply(404, 'not found\n');
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => resolve());
    });
    return this.port!;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}
