/**
 * A fake Slack Socket Mode server on 127.0.0.1 (random port) for the Socket Mode tests: the
 * WebSocket that apps.connections.open points the app at. Like Slack it greets each connection
 * with `hello`, delivers envelopes (`events_api`, `interactive`, `slash_commands`) and records the
 * acknowledgements the app sends back (`{ envelope_id, payload }`), so a test can check that each
 * envelope was acknowledged.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { waitFor } from './wait-for.js';

/** An acknowledgement the app sent for an envelope. */
export interface SocketModeAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export class FakeSocketMode {
  /** every acknowledgement received, in order */
  readonly acks: SocketModeAck[] = [];
  /** how many connections the app has opened */
  connections = 0;
  private socket: WebSocket | undefined;

  private constructor(
    private readonly server: WebSocketServer,
    /** the ws:// URL to hand out from apps.connections.open */
    readonly url: string,
  ) {
    server.on('connection', (socket) => {
      this.connections += 1;
      this.socket = socket;
      socket.on('message', (data) => this.acks.push(JSON.parse(String(data)) as SocketModeAck));
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake-socket-mode' }, connection_info: { app_id: 'A0001' } }));
    });
  }

  /** Starts the server on 127.0.0.1 and a free port. */
  static async start(): Promise<FakeSocketMode> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const { port } = server.address() as AddressInfo;
    return new FakeSocketMode(server, `ws://127.0.0.1:${port}/link/?ticket=fake`);
  }

  /**
   * Sends an envelope of `type` carrying `payload` over the open connection; resolves to its
   * envelope id (see `ackOf`).
   */
  deliver(type: 'events_api' | 'interactive' | 'slash_commands', payload: Record<string, unknown>): string {
    if (!this.socket) throw new Error('no Socket Mode connection is open');
    const envelopeId = randomUUID();
    this.socket.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', ...(type === 'events_api' ? { retry_attempt: 0, retry_reason: '' } : {}) }));
    return envelopeId;
  }

  /** Asks the app to drop the connection and open a new one, as Slack does every few hours (`refresh_requested`). */
  disconnect(reason: 'refresh_requested' | 'warning' | 'link_disabled'): void {
    this.socket?.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake-socket-mode' } }));
  }

  /** Waits for the acknowledgement of an envelope. */
  ackOf(envelopeId: string, timeoutMs = 10_000): Promise<SocketModeAck> {
    return waitFor(() => this.acks.find((a) => a.envelope_id === envelopeId), `the ack of envelope ${envelopeId}`, timeoutMs);
  }

  async stop(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
