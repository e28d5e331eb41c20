import { describe, expect, test } from 'vitest';
import { positionInField } from '../../../workflows/workspace/field-position.ts';

/** The position in the file of the first `{{` of the field's value. */
function braces(text: string, field: string, value: string) {
  const before = value.slice(0, value.indexOf('{{')).split('\n');
  return positionInField(text, field, { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 });
}

describe('positionInField', () => {
  test('a block literal maps line for line, past its indentation and blank lines', () => {
    const text = 'id: a\nbody: |\n  first\n\n    {{ x }}\n';
    expect(braces(text, 'body', 'first\n\n  {{ x }}\n')).toEqual({ line: 5, column: 5 });
  });

  test('a folded block maps its joined lines back to the lines they came from', () => {
    const text = 'id: a\nbody: >-\n  one\n  two {{ x }}\n\n  three {{ y }}\n';
    expect(braces(text, 'body', 'one two {{ x }}\nthree {{ y }}')).toEqual({ line: 4, column: 7 });
    expect(positionInField(text, 'body', { line: 2, column: 7 })).toEqual({ line: 6, column: 9 });
  });

  test('a double-quoted value counts its quote and escapes', () => {
    const text = 'id: a\nbody: "say \\"hi\\" {{ x }}"\n';
    expect(braces(text, 'body', 'say "hi" {{ x }}')).toEqual({ line: 2, column: 19 });
  });

  test('a single-quoted value counts a doubled quote as one', () => {
    const text = "id: a\nbody: 'it''s {{ x }}'\n";
    expect(braces(text, 'body', "it's {{ x }}")).toEqual({ line: 2, column: 14 });
  });

  test('a plain value starts where it is written, and a JSON string like a double-quoted one', () => {
    expect(braces('id: a\nbody: hi {{ x }}\n', 'body', 'hi {{ x }}')).toEqual({ line: 2, column: 10 });
    expect(braces('{"id": "a", "body": "hi {{ x }}"}', 'body', 'hi {{ x }}')).toEqual({
      line: 1,
      column: 25,
    });
  });

  test('a field that is not a text value has no position inside it', () => {
    expect(positionInField('id: a\nbody: [1, 2]\n', 'body', { line: 1, column: 1 })).toBeUndefined();
    expect(positionInField('id: a\n', 'body', { line: 1, column: 1 })).toBeUndefined();
  });
});
