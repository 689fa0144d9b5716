/**
 * What went wrong with an answer that could not be read: what was expected and an example of a
 * valid answer, so the bot can say why and ask again. A value, not an exception: unparsable
 * answers are normal in chat (architecture.md, "expected failures are values").
 */
export type ExpectedAnswer = 'number' | 'percent' | 'yes_no' | 'date' | 'fraction' | 'text';

export interface AnswerParseError {
  /**
   * `out_of_range`: a phase outside 0–100 %; `negative`: below zero where only 0 or more makes sense;
   * `too_large`: beyond the unit's range or more digits than can be stored exactly;
   * `mixed_separators`: "1,234.5", "1,234,567" — not an Italian number, and any reading would be a guess;
   * `zero_denominator`: "4 su 0".
   */
  code: 'not_a_number' | 'out_of_range' | 'negative' | 'too_large' | 'mixed_separators' | 'zero_denominator' | 'not_yes_no' | 'not_a_date' | 'empty';
  expected: ExpectedAnswer;
  /** a valid answer to show, Italian style */
  example: string;
}
