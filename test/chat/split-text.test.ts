import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitText } from '../../src/chat/split-text.js';
import { mrkdwnCharWeight } from '../../src/chat/slack/mrkdwn.js';
import { telegramCharWeight } from '../../src/chat/telegram/html.js';

const weigh = (text: string, weight: (c: string) => number) => [...text].reduce((sum, c) => sum + weight(c), 0);

describe('splitText', () => {
  it('keeps a text that fits as one chunk', () => {
    expect(splitText('Ciao\n\nCome va?', 100)).toEqual(['Ciao\n\nCome va?']);
  });

  it('cuts at paragraph breaks before line breaks, and at line breaks before spaces', () => {
    expect(splitText('aaaa bbbb\ncccc\n\ndddd', 15)).toEqual(['aaaa bbbb\ncccc', 'dddd']);
    expect(splitText('aaaa bbbb\ncccc dddd', 10)).toEqual(['aaaa bbbb', 'cccc dddd']);
  });

  it('cuts an over-long word between code points, never inside an emoji', () => {
    const chunks = splitText('😀'.repeat(7), 4);
    expect(chunks).toEqual(['😀😀', '😀😀', '😀😀', '😀']);
  });

  it('measures with the weight of the rendering (escaped & counts 5)', () => {
    expect(splitText('& & &', 5, mrkdwnCharWeight)).toEqual(['&', '&', '&']);
  });

  it('never exceeds the limit and never loses a visible character (property)', () => {
    const alphabet = fc.constantFrom('a', 'b', ' ', '\n', '&', '<', '*', 'è', '😀');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 400 }).map((chars) => chars.join('')), fc.integer({ min: 8, max: 60 }), fc.boolean(), (text, limit, telegram) => {
        const weight = telegram ? telegramCharWeight : mrkdwnCharWeight;
        const chunks = splitText(text, limit, weight);
        for (const chunk of chunks) expect(weigh(chunk, weight)).toBeLessThanOrEqual(limit);
        expect(chunks.join('').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
      }),
    );
  });
});
