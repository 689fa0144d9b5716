import { describe, expect, it } from 'vitest';
import { renderSlackHome, renderSlackMessages } from '../../src/chat/slack/blocks.js';
import { parseSlashCommand } from '../../src/chat/slack/slash-command.js';
import { unescapeSlackText } from '../../src/chat/slack/mrkdwn.js';

describe('Slack Block Kit rendering', () => {
  it('renders one escaped mrkdwn section per paragraph, keeping *bold*', () => {
    const [message] = renderSlackMessages({ text: '*OB1 — Rifiuti*\nFase 1\n\nValore < 5 & > 2' }, 'Scegli:');
    expect(message!.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '*OB1 — Rifiuti*\nFase 1' } },
      { type: 'section', text: { type: 'mrkdwn', text: 'Valore &lt; 5 &amp; &gt; 2' } },
    ]);
    expect(message!.text).toBe('*OB1 — Rifiuti*\nFase 1\n\nValore &lt; 5 &amp; &gt; 2');
  });

  it('puts at most 5 buttons in an actions block and truncates labels to 75 characters', () => {
    const row = Array.from({ length: 12 }, (_, i) => ({ label: `${'L'.repeat(80)}${i}`, value: `v${i}` }));
    const [message] = renderSlackMessages({ text: 'Scegli', choices: [row] }, 'Scegli:');
    const actions = message!.blocks.filter((b) => b.type === 'actions') as Array<{ elements: Array<{ value: string; text: { text: string } }> }>;
    expect(actions.map((a) => a.elements.length)).toEqual([5, 5, 2]);
    expect(actions.flatMap((a) => a.elements.map((e) => e.value))).toEqual(row.map((c) => c.value));
    expect(actions.every((a) => a.elements.every((e) => [...e.text.text].length <= 75))).toBe(true);
  });

  it('gives a buttons-only message a fallback text', () => {
    const [message] = renderSlackMessages({ text: '', choices: [[{ label: 'Sì', value: 'yes' }]] }, 'Scegli:');
    expect(message!.text).toBe('Sì');
    expect(message!.blocks.map((b) => b.type)).toEqual(['actions']);
  });

  it('refuses a button value over Slack’s 2,000 characters (a bug in the caller)', () => {
    expect(() => renderSlackMessages({ text: 'x', choices: [[{ label: 'a', value: 'v'.repeat(2001) }]] }, 'Scegli:')).toThrow(RangeError);
  });

  it('builds a Home view under 100 blocks that always ends with the start button', () => {
    const replies = Array.from({ length: 150 }, (_, i) => ({ text: `riga ${i}` }));
    const view = renderSlackHome(replies, { title: 'perfbot', answerNow: 'Rispondi ora' });
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(view.blocks[0]!.type).toBe('header');
    expect(view.blocks.at(-1)).toMatchObject({ type: 'actions', elements: [{ action_id: 'perfbot:command', value: 'rispondi' }] });
  });
});

describe('Slack input', () => {
  it('reads /perfbot <subcommand> args, with no subcommand meaning aiuto', () => {
    expect(parseSlashCommand('Stato')).toEqual({ command: 'stato', text: '' });
    expect(parseSlashCommand('  lingua   en ')).toEqual({ command: 'lingua', text: 'en' });
    expect(parseSlashCommand('')).toEqual({ command: 'aiuto', text: '' });
  });

  it('unescapes what Slack escaped in a typed message', () => {
    expect(unescapeSlackText('5 &lt; 6 &amp;&amp; 7 &gt; 3 &amp;lt;')).toBe('5 < 6 && 7 > 3 &lt;');
  });
});
