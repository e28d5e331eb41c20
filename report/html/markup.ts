/** Markup that is already safe: our own tags, or SVG that ECharts or Graphviz escaped. */
export class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** Marks text as markup; only for output of our own templates or of a renderer that escapes its text. */
export const trusted = (text: string): Markup => new Markup(text);

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text from data (journey names, step ids, conditions) made safe inside an element or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ENTITIES[character] ?? character);
}

type Value = Markup | string | number | undefined | null | false | readonly Value[];

function render(value: Value): string {
  if (value === undefined || value === null || value === false) return '';
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map((item) => render(item as Value)).join('');
  return escapeHtml(String(value));
}

/**
 * A template whose every interpolated value is escaped unless it is Markup, so data can reach
 * the page only as text: `html\`<td>${step.id}</td>\``.
 */
export function html(strings: TemplateStringsArray, ...values: Value[]): Markup {
  let text = strings[0] ?? '';
  values.forEach((value, index) => {
    text += render(value) + (strings[index + 1] ?? '');
  });
  return new Markup(text);
}
