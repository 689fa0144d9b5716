/**
 * What went wrong with an answer that could not be read: what was expected and an example of a
 * valid answer, so the bot can say why and ask again. A value, not an exception: unparsable
 * answers are normal in chat (architecture.md, "expected failures are values").
 */
export type ExpectedAnswer = 'number' | 'percent' | 'yes_no' | 'date' | 'fraction' | 'text';

export interface AnswerParseError {
  code: 'not_a_number' | 'out_of_range' | 'not_yes_no' | 'not_a_date' | 'empty';
  expected: ExpectedAnswer;
  /** a valid answer to show, Italian style */
  example: string;
}
