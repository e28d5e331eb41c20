import { isMap, isScalar, LineCounter, parseDocument, type Scalar } from 'yaml';

export interface Position {
  readonly line: number;
  readonly column: number;
}

/** One source line's share of a scalar's value: where it starts in the file, and its text there. */
interface Piece {
  readonly line: number;
  readonly column: number;
  readonly text: string;
}

/**
 * Where a line and column of a top-level text field's value lie in the file, following YAML's
 * rules: block indentation, folded lines, quotes and escapes. Undefined when the field is not a
 * text value of the file.
 */
export function positionInField(text: string, field: string, inner: Position): Position | undefined {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  if (!isMap(document.contents)) return undefined;
  const pair = document.contents.items.find((item) => isScalar(item.key) && item.key.value === field);
  const node = pair?.value;
  if (!isScalar(node) || !node.range || typeof node.value !== 'string') return undefined;
  const start = lineCounter.linePos(node.range[0]);
  const raw = text.slice(node.range[0], node.range[1]);
  const pieces = isBlock(node) ? blockPieces(raw, start.line) : flowPieces(raw, start, node.type);
  const offset = offsetIn(node.value, inner);
  const folds = node.type !== 'BLOCK_LITERAL';
  let valueStart = 0;
  for (const [index, piece] of pieces.entries()) {
    const next = pieces[index + 1];
    // A folded line break before blank lines is dropped: each blank line stands for one break.
    const breakLength = folds && piece.text !== '' && next?.text === '' ? 0 : 1;
    const length = valueLength(piece.text, node.type);
    if (next === undefined || offset < valueStart + length + breakLength) {
      const within = sourceChars(piece.text, offset - valueStart, node.type);
      return { line: piece.line, column: piece.column + within };
    }
    valueStart += length + breakLength;
  }
  return { line: start.line, column: start.col };
}

function isBlock(node: Scalar): boolean {
  return node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
}

/** The offset in a value of a 1-based line and column. */
function offsetIn(value: string, inner: Position): number {
  const lines = value.split('\n');
  return (
    lines.slice(0, inner.line - 1).reduce((total, line) => total + line.length + 1, 0) + inner.column - 1
  );
}

/** The content lines of a block scalar, after its header line, less the block's indentation. */
function blockPieces(raw: string, headerLine: number): Piece[] {
  const lines = raw.split('\n').slice(1);
  const first = lines.find((line) => line.trim() !== '') ?? '';
  const indent = first.length - first.trimStart().length;
  return lines.map((line, index) => ({
    line: headerLine + 1 + index,
    column: indent + 1,
    text: line.slice(indent),
  }));
}

/** The lines of a plain or quoted scalar: quotes left out, continuation lines trimmed. */
function flowPieces(raw: string, start: { line: number; col: number }, type: Scalar['type']): Piece[] {
  const quoted = type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE';
  const body = quoted ? raw.slice(1, -1) : raw;
  const lines = body.split('\n');
  // Spaces around a line break fold away; those before a closing quote are the value's own.
  return lines.map((line, index) => {
    const last = index === lines.length - 1;
    const trimmed = last && quoted ? line : line.trimEnd();
    if (index === 0) return { line: start.line, column: start.col + (quoted ? 1 : 0), text: trimmed };
    const lead = line.length - line.trimStart().length;
    return { line: start.line + index, column: lead + 1, text: trimmed.trimStart() };
  });
}

/** How many source characters of a piece hold its first `count` value characters (escapes are longer). */
function sourceChars(text: string, count: number, type: Scalar['type']): number {
  let source = 0;
  for (let value = 0; value < count && source < text.length; value++)
    source += escapeLength(text, source, type);
  return source;
}

function valueLength(text: string, type: Scalar['type']): number {
  let value = 0;
  for (let source = 0; source < text.length; value++) source += escapeLength(text, source, type);
  return value;
}

const ESCAPE_LENGTH: Record<string, number> = { x: 4, u: 6, U: 10 };

/** The source length of the value character at `at`: an escape in quotes, else one. */
function escapeLength(text: string, at: number, type: Scalar['type']): number {
  if (type === 'QUOTE_DOUBLE' && text[at] === '\\') return ESCAPE_LENGTH[text[at + 1] ?? ''] ?? 2;
  if (type === 'QUOTE_SINGLE' && text[at] === "'" && text[at + 1] === "'") return 2;
  return 1;
}
