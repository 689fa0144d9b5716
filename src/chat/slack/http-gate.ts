/**
 * The HTTP server in front of Bolt's HTTPReceiver. Bolt buffers a body of any size before it
 * checks the signature, and trusts the shape of what it parses; this gate reads at most
 * SLACK_MAX_BODY bytes (413 beyond, without reading the rest), and hands Bolt only bodies it can
 * take: a malformed body gets 400 when it is correctly signed and 401 when it is not, as Bolt
 * itself would answer. Bolt then verifies the signature again on the same buffered bytes.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { isValidSlackRequest } from '@slack/bolt';
import type { ChannelLogger } from '../channel-logger.js';
import { BodyTooLargeError, readLimitedBody } from '../request-body.js';
import { slackBodyProblem } from './request-shape.js';

/** Slack's own payloads are a few KB; 1 MB is generous. */
export const SLACK_MAX_BODY = 1024 * 1024;

export interface SlackGateOptions {
  path: string;
  signingSecret: string;
  /** Bolt's request listener (HTTPReceiver.requestListener) */
  bolt: (req: IncomingMessage, res: ServerResponse) => void;
  log: ChannelLogger;
  maxBody?: number;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** A request listener that limits, checks and forwards Slack requests to Bolt; anything else gets 404. */
export function slackGate(options: SlackGateOptions): RequestListener {
  const limit = options.maxBody ?? SLACK_MAX_BODY;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'POST' || pathname !== options.path) {
      req.resume();
      res.writeHead(404).end();
      return;
    }
    let raw: Buffer;
    try {
      raw = await readLimitedBody(req, res, limit);
    } catch (error) {
      if (error instanceof BodyTooLargeError) options.log.warn({ limit }, 'slack: a request body over the limit was refused');
      else if (!res.headersSent) res.writeHead(400).end();
      return;
    }
    const text = raw.toString('utf8');
    const problem = slackBodyProblem(text, header(req, 'content-type'));
    if (problem !== null) {
      const signed = isValidSlackRequest({
        signingSecret: options.signingSecret,
        body: text,
        headers: { 'x-slack-signature': header(req, 'x-slack-signature') ?? '', 'x-slack-request-timestamp': Number(header(req, 'x-slack-request-timestamp')) },
      });
      if (signed) options.log.warn({ problem }, 'slack: a signed request with a malformed body was refused');
      res.writeHead(signed ? 400 : 401).end();
      return;
    }
    // Bolt's bufferIncomingMessage takes an already read body from `rawBody`
    Object.assign(req, { rawBody: raw });
    options.bolt(req, res);
  };
  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.log.error({ err: (error as Error).message }, 'slack: a request could not be handled');
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  };
}
