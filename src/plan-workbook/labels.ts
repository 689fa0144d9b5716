/**
 * The words of the plan workbook in one language: sheet names, column headers, header notes,
 * examples and the labels of choice lists, all from prompts/<locale>.yaml (`workbook.*`). The reader
 * uses the same labels to find sheets and columns, so a workbook reads back in the language it was
 * written in.
 */
import { translator, type Locale, type Translate } from '../i18n/messages.js';
import { CHOICE_SETS, type ChoiceSet, type SheetKey } from './layout.js';

export type SheetName = SheetKey | 'instructions' | 'lists';

/** Lower case, single spaces, no accents: how headers and labels are compared when reading. */
export function normalizeLabel(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

export interface WorkbookLabels {
  locale: Locale;
  t: Translate;
  sheet(key: SheetName): string;
  header(sheet: SheetKey, column: string): string;
  note(sheet: SheetKey, column: string): string;
  example(sheet: SheetKey, column: string): string;
  choice(set: ChoiceSet, value: string): string;
  /** The value a cell's text stands for: a label of the list, or the value itself; undefined if neither. */
  choiceValue(set: ChoiceSet, text: string): string | undefined;
}

/** The labels of one language. */
export function workbookLabels(locale: Locale): WorkbookLabels {
  const t = translator(locale);
  const byLabel = new Map<ChoiceSet, Map<string, string>>();
  const choice = (set: ChoiceSet, value: string) => t(`workbook.choices.${set}.${value}`);
  for (const set of Object.keys(CHOICE_SETS) as ChoiceSet[]) {
    const map = new Map<string, string>();
    for (const value of CHOICE_SETS[set]) {
      map.set(normalizeLabel(value), value);
      map.set(normalizeLabel(choice(set, value)), value);
    }
    byLabel.set(set, map);
  }
  return {
    locale,
    t,
    sheet: (key) => t(`workbook.sheets.${key}.name`),
    header: (sheet, column) => t(`workbook.sheets.${sheet}.columns.${column}.header`),
    note: (sheet, column) => t(`workbook.sheets.${sheet}.columns.${column}.note`),
    example: (sheet, column) => t(`workbook.sheets.${sheet}.columns.${column}.example`),
    choice,
    choiceValue: (set, text) => byLabel.get(set)?.get(normalizeLabel(text)),
  };
}
