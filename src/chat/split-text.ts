/**
 * Splitting long text for platforms with a per-message (or per-block) length limit. Both adapters
 * render the same platform-free text; each measures it in its own way (escaped HTML, escaped
 * mrkdwn), so the weight of a character is a parameter.
 */

/** The weight of one character (a code point) once rendered; default: its UTF-16 length. */
export type CharWeight = (char: string) => number;

const SEPARATORS = ['\n\n', '\n', ' '];

const utf16Length: CharWeight = (char) => char.length;

function weightOf(text: string, charWeight: CharWeight): number {
  let total = 0;
  for (const char of text) total += charWeight(char);
  return total;
}

/** Cuts a single over-long word between code points (never inside a surrogate pair). */
function splitWord(word: string, limit: number, charWeight: CharWeight): string[] {
  const chunks: string[] = [];
  let current = '';
  let currentWeight = 0;
  for (const char of word) {
    const w = charWeight(char);
    if (currentWeight + w > limit && current) {
      chunks.push(current);
      current = '';
      currentWeight = 0;
    }
    current += char;
    currentWeight += w;
  }
  if (current) chunks.push(current);
  return chunks;
}

function splitAt(text: string, limit: number, charWeight: CharWeight, level: number): string[] {
  if (weightOf(text, charWeight) <= limit) return [text];
  const separator = SEPARATORS[level];
  if (separator === undefined) return splitWord(text, limit, charWeight);
  const separatorWeight = weightOf(separator, charWeight);
  const chunks: string[] = [];
  let current: string | undefined;
  let currentWeight = 0;
  for (const part of text.split(separator)) {
    const partWeight = weightOf(part, charWeight);
    if (partWeight > limit) {
      if (current !== undefined) chunks.push(current);
      current = undefined;
      chunks.push(...splitAt(part, limit, charWeight, level + 1));
    } else if (current === undefined) {
      current = part;
      currentWeight = partWeight;
    } else if (currentWeight + separatorWeight + partWeight <= limit) {
      current += separator + part;
      currentWeight += separatorWeight + partWeight;
    } else {
      chunks.push(current);
      current = part;
      currentWeight = partWeight;
    }
  }
  if (current !== undefined) chunks.push(current);
  return chunks;
}

/**
 * Splits `text` into chunks whose rendered weight is at most `limit`, cutting at paragraph breaks
 * first, then at line breaks, then between words, and inside a word only when the word alone is
 * too long. Only the separators at the cuts and whitespace-only chunks are dropped, so nothing a
 * person would read is lost. The weight of a chunk is the sum of its characters' weights.
 */
export function splitText(text: string, limit: number, charWeight: CharWeight = utf16Length): string[] {
  if (!(limit >= 4)) throw new RangeError(`splitText: limit ${limit} is too small`);
  return splitAt(text, limit, charWeight, 0).filter((chunk) => chunk.trim() !== '');
}
