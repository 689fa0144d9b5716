/**
 * Reading an HTTP request body with a size limit, before anything parses or verifies it: an
 * endpoint reachable from the Internet must not buffer whatever an unauthenticated client sends
 * (issue 10: 5 × 10 MB raised the RSS by 76 MB). A declared Content-Length over the limit is
 * refused before a byte is read; a body that grows past it while streaming is refused at once.
 * Either way the answer is 413 and the connection is closed without reading the rest.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Thrown by readLimitedBody when the body is larger than the limit; the 413 has been sent. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body over ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** How long a refused connection stays half-closed for the client to read the 413 before it is dropped. */
const LINGER_MS = 2000;

/**
 * Answers `status` (413 by default) without reading the body: the client is told to close, the
 * socket is ended (so the answer is not lost to a reset while the client still writes) and
 * destroyed shortly after.
 */
export function refuseUnread(req: IncomingMessage, res: ServerResponse, status = 413): void {
  req.pause();
  req.removeAllListeners('data');
  const socket = req.socket;
  if (!res.headersSent) res.writeHead(status, { connection: 'close', 'content-type': 'text/plain; charset=utf-8' });
  res.end(status === 413 ? 'request body too large\n' : '', () => {
    socket.end();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  });
}

/**
 * Reads the whole body if it has at most `limit` bytes. Otherwise answers 413 (see
 * refuseUnread) and rejects with BodyTooLargeError, having read no more than the limit and
 * one chunk.
 */
export async function readLimitedBody(req: IncomingMessage, res: ServerResponse, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    refuseUnread(req, res);
    throw new BodyTooLargeError(limit);
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        refuseUnread(req, res);
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
