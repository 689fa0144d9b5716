/**
 * Terminal widths: the shortcut for Latin text (its length) agrees with string-width, which measures
 * everything else, on the characters that are and are not one cell each.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import stringWidth from 'string-width';
import { displayWidth, fitToWidth, truncateToWidth } from '../../src/reports/text-columns.js';

/** The cut as string-width and grapheme segments make it, for comparison with the shortcut. */
function referenceCut(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) {
    const w = stringWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return `${out.trimEnd()}…`;
}

const characters = ['a', 'Z', ' ', '~', 'è', 'É', 'ñ', 'ß', 'ł', 'Ž', 'ʃ', '©', '®', '\u00ad', 'e\u0301', '漢', '👍', '\u00a0'];

describe('terminal widths', () => {
  it('measures and cuts Latin, accented, wide and emoji text as string-width does', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...characters), { maxLength: 16 }), fc.integer({ min: 1, max: 12 }), (parts, width) => {
        const text = parts.join('');
        expect(displayWidth(text)).toBe(stringWidth(text));
        expect(truncateToWidth(text, width)).toBe(referenceCut(text, width));
      }),
      { numRuns: 2000 },
    );
  });

  it('pads and cuts plain Italian text to exactly the column width', () => {
    expect(fitToWidth('Attività di controllo', 10)).toBe('Attività… '); // the space before the cut is trimmed, then padded back
    expect(displayWidth(fitToWidth('Attività di controllo', 10))).toBe(10);
    expect(fitToWidth('12,5', 6, true)).toBe('  12,5');
  });
});
