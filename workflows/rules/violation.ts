/** A path into a journey document, e.g. ["steps", 2, "next"]. */
export type DocumentPath = readonly (string | number)[];

/** One problem found in a journey file. Rules return these; they never throw. */
export interface Violation {
  readonly code: string;
  readonly path: DocumentPath;
  readonly message: string;
  /** Point at the field's name rather than its value (unknown or badly named fields). */
  readonly at?: 'key';
}

/** A violation placed in its file, with a 1-based line and column. */
export interface LocatedViolation extends Violation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export function formatPath(path: DocumentPath): string {
  return path.reduce<string>((text, part) => {
    if (typeof part === 'number') return `${text}[${part}]`;
    return text === '' ? part : `${text}.${part}`;
  }, '');
}

export function formatViolation(violation: LocatedViolation): string {
  const where = violation.path.length > 0 ? `${formatPath(violation.path)}: ` : '';
  return `${violation.file}:${violation.line}:${violation.column} ${where}${violation.message} [${violation.code}]`;
}
