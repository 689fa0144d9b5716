/**
 * Fixed-width columns for terminal tables (`perfbot report`, `perfbot people`). A terminal cell is
 * not a UTF-16 unit: "è" typed as e + accent takes one cell, a CJK character or an emoji two, so
 * widths are measured with string-width and text is cut between graphemes, never inside one.
 */
import stringWidth from 'string-width';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Text whose every character is one grapheme one cell wide (printable ASCII and Latin letters
 * without combining marks; not ©, ® or the soft hyphen, which string-width measures otherwise):
 * its width is its length. Nearly every cell of an Italian report is such text, and string-width
 * took most of the text of a 10,000-objective report.
 */
const ONE_CELL_EACH = /^[\x20-\x7e\u00a0-\u00a8\u00aa-\u00ac\u00af-\u02ff]*$/;

/** How many terminal cells `text` takes. */
export function displayWidth(text: string): number {
  return ONE_CELL_EACH.test(text) ? text.length : stringWidth(text);
}

/** `text` cut to at most `width` cells, ending in "…" when something was cut. */
export function truncateToWidth(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  if (ONE_CELL_EACH.test(text)) return `${text.slice(0, Math.max(0, width - 1)).trimEnd()}…`;
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
