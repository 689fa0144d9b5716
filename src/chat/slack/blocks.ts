/**
 * The Slack serializer: a platform-free OutgoingMessage becomes one or more Block Kit messages.
 * Slack's limits (https://docs.slack.dev/reference/block-kit/blocks): a section's text ≤ 3,000
 * characters, ≤ 50 blocks per message, ≤ 100 blocks per Home view, a button's text ≤ 75 characters
 * and value ≤ 2,000. We also keep ≤ 5 buttons per actions block (one row fits a phone screen) and
 * ≤ 25 buttons per message. Text that does not fit is split, never cut.
 */
import type { types } from '@slack/bolt';
import type { Choice, OutgoingMessage } from '../port.js';
import { splitText } from '../split-text.js';
import { escapeMrkdwn, mrkdwnCharWeight, plainTextOf } from './mrkdwn.js';

export const SLACK_LIMITS = {
  sectionText: 3000,
  blocksPerMessage: 50,
  blocksPerHomeView: 100,
  buttonsPerActionsBlock: 5,
  buttonsPerMessage: 25,
  buttonLabel: 75,
  buttonValue: 2000,
  headerText: 150,
  /** Slack truncates the notification text; we keep the fallback well under its 40,000 cap. */
  fallbackText: 3000,
} as const;

/** Action ids the adapter recognises: a choice button, or a button that issues a command. */
export const CHOICE_ACTION_PREFIX = 'perfbot:choice:';
export const COMMAND_ACTION_ID = 'perfbot:command';

/** One chat.postMessage payload: blocks plus the plain fallback text Slack shows in notifications. */
export interface SlackMessagePayload {
  text: string;
  blocks: types.KnownBlock[];
}

interface RenderedBlock {
  block: types.KnownBlock;
  /** plain text for the notification fallback */
  plain: string;
  buttons: number;
}

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** A button; throws on a value longer than Slack accepts (the engine's values are short codes). */
function button(choice: Choice, actionId: string): types.Button {
  if (choice.value.length > SLACK_LIMITS.buttonValue) {
    throw new RangeError(`Slack button value is ${choice.value.length} characters, over ${SLACK_LIMITS.buttonValue}`);
  }
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text: truncate(plainTextOf(choice.label), SLACK_LIMITS.buttonLabel), emoji: true },
    value: choice.value,
    ...(choice.style ? { style: choice.style } : {}),
  };
}

/** Section blocks for a text: one per paragraph, long paragraphs split under the 3,000 limit. */
function sectionBlocks(text: string): RenderedBlock[] {
  return text
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .flatMap((paragraph) => splitText(paragraph, SLACK_LIMITS.sectionText, mrkdwnCharWeight))
    .map((chunk) => ({
      block: { type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(chunk.trim()) } },
      plain: chunk.trim(),
      buttons: 0,
    }));
}

/** Actions blocks for rows of choices: each row cut into blocks of at most 5 buttons. */
function actionsBlocks(rows: Choice[][]): RenderedBlock[] {
  const blocks: RenderedBlock[] = [];
  rows.forEach((row, r) => {
    for (let start = 0; start < row.length; start += SLACK_LIMITS.buttonsPerActionsBlock) {
      const slice = row.slice(start, start + SLACK_LIMITS.buttonsPerActionsBlock);
      blocks.push({
        block: { type: 'actions', elements: slice.map((choice, i) => button(choice, `${CHOICE_ACTION_PREFIX}${r}:${start + i}`)) },
        plain: slice.map((choice) => choice.label).join(' · '),
        buttons: slice.length,
      });
    }
  });
  return blocks;
}

function fallbackText(blocks: RenderedBlock[], emptyText: string): string {
  const sections = blocks.filter((b) => b.buttons === 0).map((b) => b.plain);
  const plain = (sections.length > 0 ? sections : blocks.map((b) => b.plain)).join('\n\n');
  return escapeMrkdwn(truncate(plain || emptyText, SLACK_LIMITS.fallbackText));
}

/**
 * Renders a message as Block Kit: sections first, buttons after them; when the blocks exceed 50
 * (or the buttons 25) it returns several messages, buttons on the last ones. `emptyText` is the
 * fallback for a message that has buttons but no text.
 */
export function renderSlackMessages(message: OutgoingMessage, emptyText: string): SlackMessagePayload[] {
  const blocks = [...sectionBlocks(message.text), ...actionsBlocks(message.choices ?? [])];
  if (blocks.length === 0) blocks.push(...sectionBlocks(emptyText));
  const messages: RenderedBlock[][] = [];
  let current: RenderedBlock[] = [];
  let buttons = 0;
  for (const block of blocks) {
    const full = current.length >= SLACK_LIMITS.blocksPerMessage || buttons + block.buttons > SLACK_LIMITS.buttonsPerMessage;
    if (full && current.length > 0) {
      messages.push(current);
      current = [];
      buttons = 0;
    }
    current.push(block);
    buttons += block.buttons;
  }
  if (current.length > 0) messages.push(current);
  return messages.map((rendered) => ({ text: fallbackText(rendered, emptyText), blocks: rendered.map((r) => r.block) }));
}

/** The fixed texts of the Home tab, from prompts/<locale>.yaml (`chat.home`). */
export interface HomeLabels {
  title: string;
  answerNow: string;
}

/**
 * The Home tab: a header, the handler's replies to a `stato` command (sections and their
 * buttons, replies separated by dividers) and a button that starts a check-in. Content beyond
 * Slack's 100-block limit for a view is left out; the start button is always kept.
 */
export function renderSlackHome(replies: OutgoingMessage[], labels: HomeLabels): types.HomeView {
  const content: types.KnownBlock[] = [];
  replies.forEach((reply, i) => {
    if (i > 0) content.push({ type: 'divider' });
    for (const rendered of [...sectionBlocks(reply.text), ...actionsBlocks(reply.choices ?? [])]) content.push(rendered.block);
  });
  const header: types.KnownBlock = { type: 'header', text: { type: 'plain_text', text: truncate(plainTextOf(labels.title), SLACK_LIMITS.headerText), emoji: true } };
  const start: types.KnownBlock = {
    type: 'actions',
    elements: [{ type: 'button', action_id: COMMAND_ACTION_ID, style: 'primary', text: { type: 'plain_text', text: truncate(plainTextOf(labels.answerNow), SLACK_LIMITS.buttonLabel), emoji: true }, value: 'rispondi' }],
  };
  return { type: 'home', blocks: [header, ...content.slice(0, SLACK_LIMITS.blocksPerHomeView - 2), start] };
}
