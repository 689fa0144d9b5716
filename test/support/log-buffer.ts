/** A writable stream that keeps what a logger writes, for tests that read the log lines. */
import { Writable } from 'node:stream';

export class LogBuffer extends Writable {
  text = '';

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }

  /** The JSON lines written so far, parsed. */
  entries(): Array<Record<string, unknown>> {
    return this.text
      .split('\n')
      .filter((line) => line.trim().length > 0)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}
