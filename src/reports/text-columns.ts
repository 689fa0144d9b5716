/**
 * Fixed-width columns for terminal tables (`perfbot report`, `perfbot people`). A terminal cell is
 * not a UTF-16 unit: "è" typed as e + accent takes one cell, a CJK character or an emoji two, so
 * widths are measured with string-width and text is cut between graphemes, never inside one.
 */
import stringWidth from 'string-width';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** How many terminal cells `text` takes. */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

/** `text` cut to at most `width` cells, ending in "…" when something was cut. */
export function truncateToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const { segment } of segmenter.segment(text)) {
    const w = displayWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return `${out.trimEnd()}…`;
}

/** `text` fitted to exactly `width` cells: cut with "…" when longer, padded with spaces (left or right aligned). */
export function fitToWidth(text: string, width: number, alignRight = false): string {
  const cut = truncateToWidth(text, width);
  const fill = ' '.repeat(Math.max(0, width - displayWidth(cut)));
  return alignRight ? fill + cut : cut + fill;
}
