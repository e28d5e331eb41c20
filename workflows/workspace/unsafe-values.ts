import { hasLoneSurrogate, ILL_FORMED_TEXT } from '../contracts/well-formed-text.ts';
import type { DocumentPath, Violation } from '../rules/violation.ts';

/** Control characters (C0, DEL, C1), but tab, line feed and carriage return, which YAML text may hold. */
const CONTROL_CHARACTER = /[^\P{Cc}\t\n\r]/u;

interface Place {
  readonly parent?: Place;
  readonly key?: string | number;
}

function pathOf(place: Place): DocumentPath {
  const path: (string | number)[] = [];
  for (let at: Place | undefined = place; at?.key !== undefined; at = at.parent) path.unshift(at.key);
  return path;
}

function textProblem(text: string): string | undefined {
  if (hasLoneSurrogate(text)) return ILL_FORMED_TEXT;
  const control = CONTROL_CHARACTER.exec(text)?.[0];
  if (control === undefined) return undefined;
  const code = `U+${control.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return `expected printable text; this holds the control character ${code}`;
}

/**
 * What no file of a workspace may hold, whatever its schema: a "__proto__" key (a record schema
 * drops it without a word, and it reaches an object's prototype), and text DynamoDB cannot store or
 * a message should not carry (lone surrogates, control characters). Walked without recursion; the
 * first 10 found.
 */
export function unsafeValueViolations(data: unknown): Violation[] {
  const found: Violation[] = [];
  const pending: [unknown, Place][] = [[data, {}]];
  while (pending.length > 0 && found.length < 10) {
    const [node, place] = pending.pop() as [unknown, Place];
    if (typeof node === 'string') {
      const message = textProblem(node);
      if (message) found.push({ code: 'schema.invalid_text', path: pathOf(place), message });
    } else if (Array.isArray(node)) {
      for (let index = node.length - 1; index >= 0; index -= 1)
        pending.push([node[index], { parent: place, key: index }]);
    } else if (typeof node === 'object' && node !== null) {
      for (const key of Object.keys(node).reverse()) {
        const child = { parent: place, key };
        const message =
          key === '__proto__'
            ? 'the name "__proto__" is not allowed: it is reserved; expected another name'
            : textProblem(key);
        if (message)
          found.push({
            code: key === '__proto__' ? 'schema.reserved_name' : 'schema.invalid_text',
            path: pathOf(child),
            message,
            at: 'key',
          });
        else pending.push([(node as Record<string, unknown>)[key], child]);
      }
    }
  }
  return found;
}
