/**
 * A data table that stays readable on a phone: on a wide screen a normal table; on a narrow one
 * (layout.ts CSS, class `stack`) each row becomes a card, each cell preceded by its column's name
 * (`data-label`). The explicit ARIA roles keep it a table for screen readers, which would
 * otherwise lose the semantics when CSS changes the table's display.
 */
import { html, type Markup } from './html.js';

export interface StackedRow {
  /** attributes of the row (data-*, class), already markup */
  attributes: Markup;
  /** the row header (first column) */
  header: unknown;
  cells: unknown[];
}

/** The table: `columns[0]` heads the row headers, the rest head `cells`. */
export function stackedTable(caption: string, columns: string[], rows: StackedRow[]): Markup {
  return html`<table class="stack" role="table"><caption>${caption}</caption><thead role="rowgroup"><tr role="row">${columns.map((c) => html`<th scope="col" role="columnheader">${c}</th>`)}</tr></thead>
<tbody role="rowgroup">${rows.map(
    (row) => html`<tr role="row"${row.attributes}><th scope="row" role="rowheader">${row.header}</th>${row.cells.map((cell, i) => html`<td role="cell" data-label="${columns[i + 1] ?? ''}">${cell}</td>`)}</tr>
`,
  )}</tbody></table>`;
}
