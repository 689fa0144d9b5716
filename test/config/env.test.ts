/**
 * The cross-variable rules of the configuration: Slack over HTTP needs its signing secret (every
 * request is verified), Socket Mode needs the app-level token and no signing secret.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadEnv } from '../../src/config/env.js';

const BOT = { SLACK_BOT_TOKEN: 'xoxb-0000-test' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadEnv(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('the Slack configuration', () => {
  it('refuses a bot token over HTTP without the signing secret, naming the variable', () => {
    expect(problemsOf(BOT)).toEqual([expect.stringMatching(/^SLACK_SIGNING_SECRET: required/)]);
    expect(problemsOf({ ...BOT, SLACK_SIGNING_SECRET: 'signing-secret-0123456789' })).toEqual([]);
  });

  it('takes Socket Mode with the app-level token and no signing secret, and refuses it without the token', () => {
    expect(problemsOf({ ...BOT, SLACK_SOCKET_MODE: 'on', SLACK_APP_TOKEN: 'xapp-1-test' })).toEqual([]);
    expect(problemsOf({ ...BOT, SLACK_SOCKET_MODE: 'on' })).toEqual([expect.stringMatching(/^SLACK_APP_TOKEN: required/)]);
  });
});

describe('the values of the variables', () => {
  it('gives the defaults for what is unset or empty, typed', () => {
    const env = loadEnv({ PERFBOT_LOCAL_PORT: '0', SLACK_BOT_TOKEN: '' });
    expect(env.PERFBOT_LOCAL_PORT).toBe(0);
    expect(env.PERFBOT_CONSOLE_PORT).toBe(3004);
    expect(env.DATABASE_URL).toBe('file:./data/perfbot.db');
    expect(env.SLACK_BOT_TOKEN).toBeUndefined();
  });

  it('refuses each invalid variable in one line naming it, never echoing a secret', () => {
    const problems = problemsOf({ PERFBOT_LOCAL_PORT: '70000', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://db', TELEGRAM_API_ROOT: 'not a url', PERFBOT_CONSOLE_SECRET: 'short-secret-value' });
    expect(problems).toEqual([
      expect.stringMatching(/^DATABASE_URL: must start with file:/),
      expect.stringMatching(/^LOG_LEVEL: one of fatal, error/),
      expect.stringMatching(/^PERFBOT_LOCAL_PORT: a port number/),
      expect.stringMatching(/^TELEGRAM_API_ROOT: not a valid URL/),
      expect.stringMatching(/^PERFBOT_CONSOLE_SECRET: at least 32 characters/),
    ]);
    expect(problems.join('\n')).not.toContain('short-secret-value');
  });
});
