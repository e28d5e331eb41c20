import { describe, expect, test } from 'vitest';
import { itemSize, numberSize } from '../../../engine/metering/item-size.ts';

describe('item sizes, as DynamoDB bills them', () => {
  test('a string is its name and value in UTF-8 bytes', () => {
    // Act and Assess: "李娜" is six bytes in UTF-8, two characters.
    expect(itemSize({ pk: { S: 'c#1' }, name: { S: '李娜' } })).toBe(2 + 3 + 4 + 6);
  });

  test('a null or a boolean is one byte, binary its raw bytes', () => {
    // Act and Assess
    expect(itemSize({ gone: { NULL: true }, ok: { BOOL: false }, raw: { B: new Uint8Array(10) } })).toBe(
      4 + 1 + 2 + 1 + 3 + 10,
    );
  });

  test('a list or map is 3 bytes, plus 1 byte and the size of each element', () => {
    // Act and Assess
    expect(itemSize({ l: { L: [{ S: 'ab' }, { BOOL: true }] } })).toBe(1 + 3 + (1 + 2) + (1 + 1));
    expect(itemSize({ m: { M: { k: { S: 'ab' } } } })).toBe(1 + 3 + 1 + (1 + 2));
    expect(itemSize({ empty: { M: {} } })).toBe(5 + 3);
  });

  test('a set is the sum of its members', () => {
    // Act and Assess
    expect(itemSize({ ss: { SS: ['a', 'bc'] } })).toBe(2 + 3);
  });

  test.each([
    ['0', 1],
    ['1', 2],
    ['12', 2],
    ['123', 3],
    ['100', 2],
    ['1.5', 3],
    ['-5', 3],
    ['0.001', 2],
    ['12345678901234567890', 11],
    ['1e3', 2],
  ])(
    'the number %s takes %i bytes: a byte per two significant digits, aligned on the decimal point, and one',
    (text, bytes) => {
      // Act and Assess
      expect(numberSize(text)).toBe(bytes);
    },
  );
});
