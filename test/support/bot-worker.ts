/**
 * A bot process for the fault tests: the real Slack adapter and check-in engine on DATABASE_URL,
 * against the fake Web API at SLACK_API_URL, its clock fixed at 2 August 2022 (or at BOT_NOW, an ISO
 * instant). Prints `port N` once it listens; runs until killed.
 */
import { openDb } from '../../src/db/open-db.js';
import { createSlackChannel } from '../../src/chat/slack/adapter.js';
import { CheckinEngine } from '../../src/conversations/checkin-engine.js';
import { recordingLogger } from './recording-logger.js';
import { SIGNING_SECRET } from './chat-people.js';

const db = openDb(process.env.DATABASE_URL!);
const channel = createSlackChannel({
  handler: new CheckinEngine(db, () => new Date(process.env.BOT_NOW ?? '2022-08-02T07:30:00Z')),
  botToken: 'xoxb-test-token',
  signingSecret: SIGNING_SECRET,
  apiUrl: process.env.SLACK_API_URL!,
  port: 0,
  logger: recordingLogger(),
});
await channel.start();
console.log(`port ${channel.port}`);
