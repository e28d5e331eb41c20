/** Fills {{name}} placeholders; unknown names are left empty, never shown as braces to a customer. */
export function renderTemplate(text: string, values: Readonly<Record<string, unknown>>): string {
  return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, name: string) => {
    const value = values[name];
    return value === undefined || value === null ? '' : String(value);
  });
}
