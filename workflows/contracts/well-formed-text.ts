/**
 * Text with a lone UTF-16 surrogate (what a JSON "\ud800" escape or a YAML "\uD800" makes) has no
 * UTF-8 form: DynamoDB fails the whole request that carries it, and a retry fails the same way.
 */
const LONE_SURROGATE = /\p{Cs}/u;

export const hasLoneSurrogate = (text: string): boolean => LONE_SURROGATE.test(text);

export const ILL_FORMED_TEXT =
  'expected well-formed Unicode text; this holds a lone surrogate (\\uD800 to \\uDFFF), which has no UTF-8 form';

type Path = (string | number)[];

/** A place in the value: its parent's place and its own key, so a path is built only when needed. */
interface Place {
  readonly parent?: Place;
  readonly key?: string | number;
}

function pathOf(place: Place): Path {
  const path: Path = [];
  for (let at: Place | undefined = place; at?.key !== undefined; at = at.parent) path.unshift(at.key);
  return path;
}

/** A string of a JSON value that a check refused: where it is, whether it is a key, and why. */
export interface TextFinding<Problem> {
  readonly path: Path;
  readonly atKey: boolean;
  readonly problem: Problem;
}

/**
 * The first `limit` strings of a JSON value, values and keys alike, that `problemOf` refuses; a
 * refused key's value is not walked. Walked without recursion, so no nesting is too deep for it.
 */
export function findInText<Problem>(
  value: unknown,
  problemOf: (text: string, atKey: boolean) => Problem | undefined,
  limit = 10,
): TextFinding<Problem>[] {
  const found: TextFinding<Problem>[] = [];
  const pending: [unknown, Place][] = [[value, {}]];
  while (pending.length > 0 && found.length < limit) {
    const [node, place] = pending.pop() as [unknown, Place];
    if (typeof node === 'string') {
      const problem = problemOf(node, false);
      if (problem !== undefined) found.push({ path: pathOf(place), atKey: false, problem });
    } else if (Array.isArray(node)) {
      for (let index = node.length - 1; index >= 0; index -= 1)
        pending.push([node[index], { parent: place, key: index }]);
    } else if (typeof node === 'object' && node !== null) {
      for (const key of Object.keys(node).reverse()) {
        const child = { parent: place, key };
        const problem = problemOf(key, true);
        if (problem !== undefined) found.push({ path: pathOf(child), atKey: true, problem });
        else pending.push([(node as Record<string, unknown>)[key], child]);
      }
    }
  }
  return found;
}

/** The paths of the first `limit` strings of a JSON value, values or keys, that hold a lone surrogate. */
export const illFormedTextPaths = (value: unknown, limit = 10): Path[] =>
  findInText(value, (text) => (hasLoneSurrogate(text) ? ILL_FORMED_TEXT : undefined), limit).map(
    (finding) => finding.path,
  );
