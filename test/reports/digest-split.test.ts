/**
 * A digest of a sector with 300 objectives goes through the real Slack and Telegram serializers:
 * every Slack message stays within 50 blocks and 3,000 characters per section, every Telegram
 * message within 4,096 characters, and all 300 objectives arrive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPlan } from '../../src/db/plan-import.js';
import { loadPlanSnapshot } from '../../src/db/plan-repository.js';
import { buildReport } from '../../src/reports/report.js';
import { buildSectorDigest } from '../../src/reports/digest.js';
import { renderDigestText } from '../../src/reports/digest-text.js';
import { renderSlackMessages } from '../../src/chat/slack/blocks.js';
import { renderTelegramMessages } from '../../src/chat/telegram/render.js';
import { CallbackDataCodec } from '../../src/chat/telegram/callback-data.js';
import { generatePlan } from '../../bench/generated-plan.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let t: TestDatabase;
let text: string;

beforeAll(async () => {
  t = await createTestDatabase();
  await importPlan(t.db, generatePlan(300, 1), { actor: 'test', reason: 'test' });
  const snapshot = await loadPlanSnapshot(t.db, 'bench', 'pp-2022');
  const report = buildReport(snapshot, '2022-07-31');
  text = renderDigestText(buildSectorDigest(report, snapshot, 'S1'), new Map(snapshot.people.map((p) => [p.code, p.name])), 'it');
}, 120_000);
afterAll(async () => {
  await t.drop();
});

const objectiveHeaders = (s: string) => s.match(/(\*|<b>)OB-\d+(\*|<\/b>)/g) ?? [];

describe('digest of a 300-objective sector in chat', () => {
  it('is long enough to need splitting', () => {
    expect(objectiveHeaders(text)).toHaveLength(300);
    expect(text.length).toBeGreaterThan(3 * 4096 + 3000);
  });

  it('splits into valid Slack messages with nothing cut off', () => {
    const messages = renderSlackMessages({ text }, '');
    expect(messages.length).toBeGreaterThan(1);
    let headers = 0;
    for (const message of messages) {
      expect(message.blocks.length).toBeLessThanOrEqual(50);
      for (const block of message.blocks as Array<{ type: string; text?: { text: string } }>) {
        if (block.type !== 'section') continue;
        expect(block.text!.text.length).toBeLessThanOrEqual(3000);
        headers += objectiveHeaders(block.text!.text).length;
      }
    }
    expect(headers).toBe(300);
  });

  it('splits into valid Telegram messages with nothing cut off', () => {
    const messages = renderTelegramMessages({ text }, new CallbackDataCodec(), '');
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expect(message.text.length).toBeLessThanOrEqual(4096);
    expect(messages.reduce((n, m) => n + objectiveHeaders(m.text).length, 0)).toBe(300);
  });
});
