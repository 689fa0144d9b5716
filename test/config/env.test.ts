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
