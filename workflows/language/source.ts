import { isMap, isNode, isScalar, LineCounter, type Node, parseDocument } from 'yaml';
import type { DocumentPath, LocatedViolation, Violation } from '../rules/violation.ts';

/** A parsed journey, offer or template file that can tell where any path lies in its text. */
export interface SourceDocument {
  readonly file: string;
  readonly data: unknown;
  /** Violations of the text itself (YAML syntax); the data is unusable when there are any. */
  readonly syntaxViolations: readonly LocatedViolation[];
  locate(violation: Violation): LocatedViolation;
}

/** Parses YAML, or JSON (a subset of YAML 1.2), keeping node positions for messages. */
export function parseSource(file: string, text: string): SourceDocument {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  // The YAML library reports a stack overflow at every level it unwinds: the first one says it.
  const errors = document.errors.filter(
    (error, index) =>
      error.code !== 'RESOURCE_EXHAUSTION' ||
      document.errors.findIndex((other) => other.code === error.code) === index,
  );
  const syntaxViolations: LocatedViolation[] = errors.map((error) => ({
    file,
    code: `yaml.${error.code.toLowerCase()}`,
    path: [],
    message:
      error.code === 'RESOURCE_EXHAUSTION'
        ? `cannot read the file: it is nested too deep (${error.message.split('\n')[0]}); expected a few levels of mappings and lists`
        : (error.message.split('\n')[0] ?? error.message),
    ...position(error.pos[0]),
  }));

  const locate = (violation: Violation): LocatedViolation => {
    const node = nearestNode(document.contents, violation.path, violation.at === 'key');
    const offset = node?.range?.[0] ?? 0;
    return { file, ...violation, ...position(offset) };
  };

  const data = syntaxViolations.length > 0 ? undefined : documentData(document, file, syntaxViolations);
  return { file, data, syntaxViolations, locate };
}

/**
 * The document as plain data, or undefined with the reason added: aliases that would expand past
 * the YAML library's limit (a "billion laughs" file) throw rather than parse.
 */
function documentData(
  document: ReturnType<typeof parseDocument>,
  file: string,
  violations: LocatedViolation[],
): unknown {
  try {
    return document.toJS();
  } catch (error) {
    violations.push({
      file,
      line: 1,
      column: 1,
      path: [],
      code: 'yaml.resource_exhaustion',
      message: `cannot read the file: ${(error as Error).message}; expected aliases (*name) that expand to a small document`,
    });
    return undefined;
  }
}

/**
 * The deepest node along the path: a field's value (or its name, with `preferKey`, or when the
 * value is a mapping or list); for a missing field, the nearest part that exists.
 */
function nearestNode(root: unknown, path: DocumentPath, preferKey = false): Node | undefined {
  let current: unknown = root;
  let found: Node | undefined = isNode(root) ? root : undefined;
  for (const [index, part] of path.entries()) {
    if (isMap(current)) {
      const pair = current.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(part),
      );
      if (!pair) return found;
      found = isNode(pair.key) ? pair.key : found;
      current = pair.value;
      const keepKey = preferKey && index === path.length - 1;
      if (isNode(current) && !isMap(current) && !isSeqLike(current) && !keepKey) found = current;
      continue;
    }
    if (isSeqLike(current) && typeof part === 'number') {
      const item = (current as { items: unknown[] }).items[part];
      if (!isNode(item)) return found;
      found = item;
      current = item;
      continue;
    }
    return found;
  }
  return found;
}

function isSeqLike(value: unknown): boolean {
  return isNode(value) && Array.isArray((value as { items?: unknown }).items) && !isMap(value);
}
