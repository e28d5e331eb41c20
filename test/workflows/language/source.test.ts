import { describe, expect, it } from 'vitest';
import { parseSource } from '../../../workflows/language/source.ts';
import type { DocumentPath } from '../../../workflows/rules/violation.ts';

const journeyText = [
  'id: cart-nudge', // 1
  'name: Cart nudge', // 2
  'trigger:', // 3
  '  kind: event', // 4
  '  event: add_to_cart', // 5
  'steps:', // 6
  '  - id: wait', // 7
  '    kind: wait', // 8
  '    duration: 1h', // 9
  '  - id: send', // 10
  '    kind: send', // 11
  '    channel: fax', // 12
  '',
].join('\n');

function where(text: string, path: DocumentPath, at?: 'key'): { line: number; column: number } {
  const { line, column } = parseSource('cart-nudge.journey.yaml', text).locate({
    code: 'test',
    path,
    message: 'm',
    ...(at ? { at } : {}),
  });
  return { line, column };
}

describe('parseSource', () => {
  it('parses YAML into plain data with no syntax violations', () => {
    const source = parseSource('cart-nudge.journey.yaml', journeyText);
    expect(source.syntaxViolations).toEqual([]);
    expect(source.data).toEqual({
      id: 'cart-nudge',
      name: 'Cart nudge',
      trigger: { kind: 'event', event: 'add_to_cart' },
      steps: [
        { id: 'wait', kind: 'wait', duration: '1h' },
        { id: 'send', kind: 'send', channel: 'fax' },
      ],
    });
  });

  it('parses JSON as well', () => {
    const source = parseSource('offer.json', '{"id": "coupon", "amount": 15, "tags": ["a", "b"]}');
    expect(source.data).toEqual({ id: 'coupon', amount: 15, tags: ['a', 'b'] });
  });

  it('keeps the quoted campaign dates as strings', () => {
    const source = parseSource('j.yaml', 'dates:\n  sale_start: "2027-06-18T00:00"\n');
    expect(source.data).toEqual({ dates: { sale_start: '2027-06-18T00:00' } });
  });

  it('reports a duplicate key as a syntax violation at its line, and gives no data', () => {
    // Act
    const source = parseSource('dup.yaml', 'id: a\nname: x\nid: b\n');

    // Assess
    expect(source.data).toBeUndefined();
    expect(source.syntaxViolations).toEqual([
      {
        file: 'dup.yaml',
        code: 'yaml.duplicate_key',
        path: [],
        message: 'Map keys must be unique',
        line: 3,
        column: 1,
      },
    ]);
  });

  it('reports broken YAML with a yaml.* code and a one-line message', () => {
    const source = parseSource('broken.yaml', 'a: [1, 2\nb: 3\n');
    expect(source.data).toBeUndefined();
    expect(source.syntaxViolations.length).toBeGreaterThan(0);
    for (const violation of source.syntaxViolations) {
      expect(violation.file).toBe('broken.yaml');
      expect(violation.code).toMatch(/^yaml\.[a-z_]+$/);
      expect(violation.message).not.toContain('\n');
      expect(violation.line).toBeGreaterThanOrEqual(1);
    }
  });

  it('gives null data for an empty file', () => {
    const source = parseSource('empty.yaml', '');
    expect(source.syntaxViolations).toEqual([]);
    expect(source.data).toBeNull();
  });

  describe('locate', () => {
    it('keeps the violation and adds the file, line and column', () => {
      const source = parseSource('cart-nudge.journey.yaml', journeyText);
      const located = source.locate({
        code: 'schema.invalid_value',
        path: ['steps', 1, 'channel'],
        message: 'bad channel',
      });
      expect(located).toEqual({
        file: 'cart-nudge.journey.yaml',
        code: 'schema.invalid_value',
        path: ['steps', 1, 'channel'],
        message: 'bad channel',
        line: 12,
        column: expect.any(Number),
      });
    });

    it('places the empty path at the start of the file', () => {
      expect(where(journeyText, [])).toEqual({ line: 1, column: 1 });
    });

    it('places a field holding a mapping on its key', () => {
      expect(where(journeyText, ['trigger'])).toEqual({ line: 3, column: 1 });
      expect(where(journeyText, ['steps'])).toEqual({ line: 6, column: 1 });
    });

    it('places a field holding a scalar on its line', () => {
      expect(where(journeyText, ['name']).line).toBe(2);
      expect(where(journeyText, ['trigger', 'event']).line).toBe(5);
      expect(where(journeyText, ['steps', 0, 'duration']).line).toBe(9);
    });

    it('places a list item at the first field of the item', () => {
      expect(where(journeyText, ['steps', 1])).toEqual({ line: 10, column: 5 });
    });

    it('places a missing field at its parent', () => {
      expect(where(journeyText, ['trigger', 'filter'])).toEqual({ line: 3, column: 1 });
      expect(where(journeyText, ['steps', 1, 'template'])).toEqual({ line: 10, column: 5 });
    });

    it('places an index past the end of a list at the list', () => {
      expect(where(journeyText, ['steps', 5])).toEqual({ line: 6, column: 1 });
    });

    it('places a path under a missing top-level field at the start of the file', () => {
      expect(where(journeyText, ['campaign', 'dates'])).toEqual({ line: 1, column: 1 });
    });

    it('walks into flow mappings and JSON', () => {
      const json = '{\n  "trigger": {"kind": "event", "event": "add_to_cart"}\n}';
      expect(where(json, ['trigger']).line).toBe(2);
      expect(where(json, ['trigger', 'event']).line).toBe(2);
      expect(where(json, ['trigger', 'event']).column).toBeGreaterThan(where(json, ['trigger']).column);
    });

    it('finds an unknown field by its name, including a numeric-looking key', () => {
      const text = 'steps:\n  - id: a\n    kind: exit\n    2024: x\n';
      expect(where(text, ['steps', 0, '2024']).line).toBe(4);
    });

    it('places a field holding a scalar on its value, and on its name when the violation is about the name', () => {
      expect(where(journeyText, ['steps', 0, 'duration'])).toEqual({ line: 9, column: 15 });
      expect(where(journeyText, ['steps', 0, 'duration'], 'key')).toEqual({ line: 9, column: 5 });
      expect(where(journeyText, ['trigger', 'event'], 'key')).toEqual({ line: 5, column: 3 });
    });

    it('places a name on the name in a flow mapping too', () => {
      const text = 'set: { city: Shanghai, Bad-Name: 1 }\n';
      expect(where(text, ['set', 'Bad-Name'])).toEqual({ line: 1, column: 34 });
      expect(where(text, ['set', 'Bad-Name'], 'key')).toEqual({ line: 1, column: 24 });
    });

    it('places a name on the name when it holds a mapping or a list, as without it', () => {
      expect(where(journeyText, ['trigger'], 'key')).toEqual(where(journeyText, ['trigger']));
      expect(where(journeyText, ['steps'], 'key')).toEqual(where(journeyText, ['steps']));
    });

    it('reads "at: key" only for the last part of the path', () => {
      expect(where(journeyText, ['steps', 1, 'channel'], 'key')).toEqual({ line: 12, column: 5 });
      expect(where(journeyText, ['steps', 1, 'channel'])).toEqual({ line: 12, column: 14 });
    });

    it('places a missing name at its parent, as without it', () => {
      expect(where(journeyText, ['trigger', 'filter'], 'key')).toEqual({ line: 3, column: 1 });
    });

    it('keeps "at" in the located violation', () => {
      const located = parseSource('j.yaml', journeyText).locate({
        code: 'schema.unknown_field',
        path: ['trigger', 'event'],
        message: 'm',
        at: 'key',
      });
      expect(located).toMatchObject({ at: 'key', line: 5, column: 3 });
    });

    it('places paths in an empty file at line 1, column 1', () => {
      expect(where('', ['id'])).toEqual({ line: 1, column: 1 });
    });
  });
});
