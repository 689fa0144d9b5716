/**
 * Calls the local chat API as its own page does: the token is read from the served page (a
 * `<meta name="perfbot-token">`) and sent with every API call, from the page's own origin.
 */
import { request } from 'node:http';

export interface LocalPageClient {
  token: string;
  get(path: string): Promise<Response>;
  post(path: string, body: unknown): Promise<Response>;
}

/** Loads the page at `base` and returns a client that calls the API with its token. */
export async function localPageClient(base: string): Promise<LocalPageClient> {
  const page = await (await fetch(base)).text();
  const token = /<meta name="perfbot-token" content="([^"]+)">/.exec(page)?.[1];
  if (!token) throw new Error('the page carries no token');
  const headers = { 'x-perfbot-token': token, origin: new URL(base).origin };
  return {
    token,
    get: (path) => fetch(new URL(path, base), { headers }),
    post: (path, body) => fetch(new URL(path, base), { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  };
}

/** A raw request with any Host header (fetch cannot set one), as a DNS-rebinding page's would arrive. */
export function requestWithHost(base: string, path: string, host: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string }> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: options.method ?? 'GET', headers: { ...options.headers, host } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
