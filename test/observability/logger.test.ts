import { describe, expect, it } from 'vitest';
import { createLogger, logFormatOf, prettyLine } from '../../src/observability/logger.js';
import { loadEnv } from '../../src/config/env.js';
import { loggerFor } from '../../src/observability/operations.js';
import { LogBuffer } from '../support/log-buffer.js';

const TOKEN = '123456:AAH-secret_token_value_xyz';

describe('the process logger', () => {
  it('masks a configured secret wherever it appears, even inside an error message', () => {
    const out = new LogBuffer();
    const logger = createLogger({ level: 'info', format: 'json', destination: out, secrets: [TOKEN] });
    logger.error({ err: new Error(`request to https://api.telegram.org/bot${TOKEN}/sendMessage failed`) }, 'telegram: a reply was not delivered');
    logger.warn(`retrying with ${encodeURIComponent(TOKEN)}`);
    expect(out.text).toContain('/bot[redacted]/sendMessage');
    expect(out.text).not.toContain(TOKEN);
    expect(out.text).not.toContain(encodeURIComponent(TOKEN));
  });

  it('never writes fields that may hold an answer, a token or an invite code', () => {
    const out = new LogBuffer();
    const logger = createLogger({ level: 'info', format: 'json', destination: out });
    logger.info({ text: '42,5%', event: { text: 'sì', raw: '2.700' }, inviteCode: 'abc123def', token: 'xoxb-1', ente: 'segrate', person: 'bossi-c' }, 'turn');
    const [line] = out.entries();
    expect(line).toMatchObject({ text: '[redacted]', event: { text: '[redacted]', raw: '[redacted]' }, inviteCode: '[redacted]', token: '[redacted]', ente: 'segrate', person: 'bossi-c' });
  });

  it('honours LOG_LEVEL and writes JSON in production, readable lines in a terminal', () => {
    expect(logFormatOf({ NODE_ENV: 'production' })).toBe('json');
    expect(logFormatOf({ LOG_FORMAT: 'json' })).toBe('json');
    expect(logFormatOf({})).toBe('pretty');
    expect(logFormatOf({ NODE_ENV: 'production', LOG_FORMAT: 'pretty' })).toBe('pretty');

    const out = new LogBuffer();
    const logger = loggerFor(loadEnv({ LOG_LEVEL: 'warn', NODE_ENV: 'production', SLACK_BOT_TOKEN: 'xoxb-0000-secret', SLACK_SIGNING_SECRET: 'signing-secret-0123456789' }), out);
    logger.info('not written');
    logger.warn({ person: 'bossi-c' }, 'written with xoxb-0000-secret');
    const entries = out.entries();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ level: 40, msg: 'written with [redacted]', person: 'bossi-c' });

    const pretty = new LogBuffer();
    createLogger({ level: 'info', format: 'pretty', destination: pretty }).info({ ente: 'segrate', person: 'bossi-c' }, 'turn handled');
    expect(pretty.text).toMatch(/^\d{2}:\d{2}:\d{2} INFO {2}turn handled {2}ente=segrate person=bossi-c\n$/);
    expect(prettyLine('not json')).toBe('not json');
  });
});
