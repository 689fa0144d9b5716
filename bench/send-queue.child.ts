/**
 * 2,000 reminders through the real Slack and Telegram adapters and the send queue, to fake APIs
 * that enforce the platforms' rate limits (answering 429 past them), on a second shortened by
 * `--scale` (Telegram, default 0.1: the same code, ten times faster) and `--slack-scale` (default
 * 0.5: Slack allows 100 channels × 1/s here, which at 0.1 would be 1,000 requests a second — more
 * than Bolt's WebClient does on a 2-core machine, so the figure would measure the CPU, not the queue). Reports the rate achieved against the
 * rate the limits allow (the least time their token buckets need), and the 429s. Prints one `BENCH {…}` line.
 */
import { slackBurst, telegramBurst, type BurstResult } from '../test/support/send-burst.js';
import { emit, option } from './bench-db.js';

const messages = option('--messages', 2000);
const telegramScale = option('--scale', 0.1);
const slackScale = option('--slack-scale', 0.5);

function figures(result: BurstResult, timeScale: number) {
  const lost = messages - [...result.received.values()].flat().length;
  return {
    messages,
    timeScale,
    elapsedMs: result.elapsedMs,
    idealMs: result.idealMs,
    // per platform second, i.e. scaled back to real time
    achievedPerSecond: messages / (result.elapsedMs / 1000 / timeScale),
    allowedPerSecond: messages / (result.idealMs / 1000 / timeScale),
    share: result.idealMs / result.elapsedMs,
    refused: result.refused,
    failures: result.failures.length,
    lost,
  };
}

// `--only slack` or `--only telegram` runs one platform (comparing two versions on a loaded machine)
const only = process.argv[process.argv.indexOf('--only') + 1];
emit({
  ...(only === 'slack' ? {} : { telegram: figures(await telegramBurst({ messages, chats: 100, timeScale: telegramScale }), telegramScale) }),
  ...(only === 'telegram' ? {} : { slack: figures(await slackBurst({ messages, chats: 100, timeScale: slackScale }), slackScale) }),
});
