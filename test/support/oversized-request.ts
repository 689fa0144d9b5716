/**
 * An oversized request sent over a raw socket, to see what a server does with a body it should
 * not read: the client sends the head and part of a huge body and then waits, never finishing
 * it. A server that buffers the whole body before answering never answers (the test times out);
 * one that enforces a limit answers 413 and closes the connection while the body is unfinished.
 */
import { connect } from 'node:net';

export interface OversizedRequest {
  url: string;
  headers?: Record<string, string>;
  /** declare this Content-Length (and send only `send` bytes of it); without it the body is chunked */
  declaredLength?: number;
  /** how many body bytes to send before waiting */
  send: number;
}

export interface OversizedOutcome {
  /** the response's status code */
  status: number;
  /** body bytes the client wrote before the server closed the connection */
  sent: number;
}

/** Sends the request and resolves once the server has answered and closed the connection. */
export function sendOversized(request: OversizedRequest): Promise<OversizedOutcome> {
  const url = new URL(request.url);
  const chunked = request.declaredLength === undefined;
  const head = [
    `POST ${url.pathname}${url.search} HTTP/1.1`,
    `Host: ${url.host}`,
    ...Object.entries(request.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${request.declaredLength}`,
    '',
    '',
  ].join('\r\n');
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    let response = '';
    let sent = 0;
    socket.on('data', (data) => (response += data.toString('latin1')));
    socket.on('error', () => {}); // a reset after the answer is the server dropping the connection
    socket.on('close', () => {
      const match = /^HTTP\/1\.1 (\d{3})/.exec(response);
      if (match) resolve({ status: Number(match[1]), sent });
      else reject(new Error(`no HTTP response before the connection closed (got ${JSON.stringify(response.slice(0, 80))})`));
    });
    socket.on('end', () => socket.destroy());
    socket.write(head);
    const piece = Buffer.alloc(64 * 1024, 'a');
    const pump = () => {
      while (sent < request.send && !socket.destroyed) {
        const size = Math.min(piece.length, request.send - sent);
        const data = chunked ? Buffer.concat([Buffer.from(`${size.toString(16)}\r\n`), piece.subarray(0, size), Buffer.from('\r\n')]) : piece.subarray(0, size);
        sent += size;
        if (!socket.write(data)) {
          socket.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}
