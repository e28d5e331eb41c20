import { gzipSync } from 'node:zlib';

/**
 * Values a fixture cannot write as plain JSON, written as generator objects with one `$` key:
 *
 * - `{"$nest": {"depth": 10000, "key": "a", "leaf": 1}}`: objects nested `depth` deep (`"list": true` for lists);
 * - `{"$repeat": {"text": "x", "times": 1048576}}`: a string of `text` repeated;
 * - `{"$bytes": "c0af"}`: a JSON string whose content is these raw bytes (overlong or invalid UTF-8);
 * - `{"$json": "1e400"}`: raw JSON text (numbers JSON.parse cannot keep, duplicate keys);
 * - `{"$gzip": <body>}`, as the whole body only: that body gzipped (a small body that inflates to a huge one).
 *
 * A request body is built as bytes (`bodyBytes`), without recursion, since JSON.stringify
 * overflows the stack long before 10,000 levels; in-process code gets the value (`materialize`).
 */

type Generator =
  | { $nest: { depth: number; key?: string; leaf?: unknown; list?: boolean } }
  | { $repeat: { text: string; times: number } }
  | { $bytes: string }
  | { $json: string };

const GENERATOR_KEYS = ['$nest', '$repeat', '$bytes', '$json'];

function asGenerator(value: unknown): Generator | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  return keys.length === 1 && GENERATOR_KEYS.includes(keys[0] ?? '') ? (value as Generator) : undefined;
}

/** The generator's JSON text, as bytes. */
function generatedBytes(generator: Generator): Buffer {
  if ('$nest' in generator) {
    const { depth, key = 'a', leaf = 1, list = false } = generator.$nest;
    const open = list ? '[' : `{${JSON.stringify(key)}:`;
    const close = list ? ']' : '}';
    return Buffer.from(`${open.repeat(depth)}${JSON.stringify(leaf)}${close.repeat(depth)}`, 'utf8');
  }
  if ('$repeat' in generator)
    return Buffer.from(JSON.stringify(generator.$repeat.text.repeat(generator.$repeat.times)), 'utf8');
  if ('$bytes' in generator)
    return Buffer.concat([Buffer.from('"'), Buffer.from(generator.$bytes, 'hex'), Buffer.from('"')]);
  return Buffer.from(generator.$json, 'utf8');
}

const MARK = '\u0000hostile:';

/** JSON with every generator replaced by the bytes it makes. */
export function bodyBytes(value: unknown): Buffer {
  if (typeof value === 'object' && value !== null && Object.hasOwn(value, '$gzip'))
    return gzipSync(bodyBytes((value as { $gzip: unknown }).$gzip));
  const generators: Generator[] = [];
  const text = JSON.stringify(value, (_key, node: unknown) => {
    const generator = asGenerator(node);
    if (!generator) return node;
    generators.push(generator);
    return `${MARK}${generators.length - 1}`;
  });
  if (generators.length === 0) return Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  const pattern = /"\\u0000hostile:(\d+)"/g;
  let from = 0;
  for (const match of text.matchAll(pattern)) {
    parts.push(Buffer.from(text.slice(from, match.index), 'utf8'));
    parts.push(generatedBytes(generators[Number(match[1])] as Generator));
    from = (match.index ?? 0) + match[0].length;
  }
  parts.push(Buffer.from(text.slice(from), 'utf8'));
  return Buffer.concat(parts);
}

/** The value the generators stand for, built without recursion; raw bytes decode as a server would. */
export function materialize(value: unknown): unknown {
  const generator = asGenerator(value);
  if (generator) {
    if ('$nest' in generator) {
      const { depth, key = 'a', leaf = 1, list = false } = generator.$nest;
      let node: unknown = leaf;
      for (let level = 0; level < depth; level += 1) node = list ? [node] : { [key]: node };
      return node;
    }
    return JSON.parse(generatedBytes(generator).toString('utf8'));
  }
  if (Array.isArray(value)) return value.map(materialize);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, materialize(item)]));
  return value;
}
