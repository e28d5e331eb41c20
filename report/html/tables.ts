import { html, type Markup } from './markup.ts';

export type Cell = string | number | Markup;

/**
 * A table whose every cell is escaped text unless it is Markup; the first column reads as the
 * row's header. `name` becomes its data-table attribute, which tests and readers can find it by.
 */
export function table(name: string, headers: readonly string[], rows: readonly (readonly Cell[])[]): Markup {
  return html`<table data-table="${name}"><thead><tr>${headers.map((header) => html`<th>${header}</th>`)}</tr></thead><tbody>${rows.map(
    (row) =>
      html`<tr>${row.map((cell, index) => (index === 0 ? html`<th scope="row">${cell}</th>` : html`<td>${cell}</td>`))}</tr>`,
  )}</tbody></table>`;
}
