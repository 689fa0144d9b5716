/**
 * A browser-like client for the console in-process (fastify inject): it keeps cookies, reads the
 * CSRF token of the last page, and posts forms (urlencoded or multipart) the way a browser does.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export class ConsoleClient {
  readonly cookies = new Map<string, string>();
  lastPage = '';

  constructor(private readonly app: FastifyInstance) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of response.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
      if (c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() <= Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    if (String(response.headers['content-type'] ?? '').startsWith('text/html')) this.lastPage = response.body;
    return response;
  }

  /** The CSRF token in the last page's forms. */
  csrf(): string {
    const match = /name="_csrf" value="([^"]+)"/.exec(this.lastPage);
    if (!match) throw new Error('no CSRF token on the last page');
    return match[1]!;
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.keep(await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader() } }));
  }

  async post(url: string, fields: Record<string, string>, withToken = true): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams(withToken ? { _csrf: this.csrf(), ...fields } : fields).toString();
    return this.keep(await this.app.inject({ method: 'POST', url, payload: body, headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' } }));
  }

  async upload(url: string, field: string, filename: string, bytes: Buffer, withToken = true): Promise<LightMyRequestResponse> {
    const boundary = '----perfbot-test-boundary';
    const parts: Buffer[] = [];
    if (withToken) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${this.csrf()}\r\n`));
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`), bytes, Buffer.from(`\r\n--${boundary}--\r\n`));
    return this.keep(
      await this.app.inject({ method: 'POST', url, payload: Buffer.concat(parts), headers: { cookie: this.cookieHeader(), 'content-type': `multipart/form-data; boundary=${boundary}` } }),
    );
  }
}
