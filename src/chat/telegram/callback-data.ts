/**
 * Telegram's callback_data holds at most 64 bytes. Choice values that fit travel as they are;
 * longer ones are replaced by a short key kept in memory, and the key is turned back into the
 * value when the button is pressed. Keys do not survive a restart: a press on an older long-valued
 * button then decodes to nothing and the adapter tells the person the button has expired.
 */
import { createHash } from 'node:crypto';

/** Telegram's limit on callback_data, in UTF-8 bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;
const KEY_PREFIX = '#k:';

/** Maps choice values to callback_data and back (see the module comment for long values). */
export class CallbackDataCodec {
  private readonly values = new Map<string, string>();

  constructor(private readonly capacity = 10_000) {}

  /** The callback_data for a value: the value itself when it fits, else a short key. */
  encode(value: string): string {
    if (Buffer.byteLength(value, 'utf8') <= CALLBACK_DATA_MAX_BYTES && !value.startsWith(KEY_PREFIX)) return value;
    const key = KEY_PREFIX + createHash('sha256').update(value).digest('base64url').slice(0, 24);
    this.values.delete(key);
    this.values.set(key, value);
    if (this.values.size > this.capacity) {
      const oldest = this.values.keys().next().value;
      if (oldest !== undefined) this.values.delete(oldest);
    }
    return key;
  }

  /** The value behind callback_data; undefined for a key this process does not know (expired). */
  decode(data: string): string | undefined {
    return data.startsWith(KEY_PREFIX) ? this.values.get(data) : data;
  }
}
