import { PLACEHOLDER_PATTERN } from '../schema/catalog.ts';

/** Fills {{name}} placeholders; unknown names are left empty, never shown as braces to a customer. */
export function renderTemplate(text: string, values: Readonly<Record<string, unknown>>): string {
  return text.replace(PLACEHOLDER_PATTERN, (_, name: string) => {
    const value = values[name];
    return value === undefined || value === null ? '' : String(value);
  });
}
