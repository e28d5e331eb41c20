import type { AttributeValue } from '@aws-sdk/client-dynamodb';

type Item = Record<string, AttributeValue>;

/**
 * An item's size as DynamoDB bills it: each attribute name's UTF-8 bytes plus its value's size
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html).
 */
export function itemSize(item: Item): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) size += Buffer.byteLength(name) + valueSize(value);
  return size;
}

function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.NULL !== undefined || value.BOOL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((sum, member) => sum + Buffer.byteLength(member), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, member) => sum + numberSize(member), 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, member) => sum + member.byteLength, 0);
  // A list or map: 3 bytes, and 1 byte per element besides the element itself.
  if (value.L !== undefined) return 3 + value.L.reduce((sum, element) => sum + 1 + valueSize(element), 0);
  if (value.M !== undefined) return 3 + Object.keys(value.M).length + itemSize(value.M);
  return 0;
}

/**
 * About one byte per two significant digits, plus one: DynamoDB keeps a number as base-100
 * digits aligned on the decimal point, and a negative number takes one byte more.
 */
export function numberSize(text: string): number {
  const match = /^([+-]?)(\d*)\.?(\d*)(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!match) return 1;
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  const digits = `${whole}${fraction}`;
  const first = digits.search(/[1-9]/);
  if (first < 0) return 1;
  const significant = digits.slice(first).replace(/0+$/, '');
  // The power of ten of the first significant digit.
  const power = whole.length - 1 - first + Number(exponent);
  const count = significant.length;
  // A pair split by the decimal alignment takes a byte of its own.
  const alignment = count % 2 === 0 && power % 2 === 0 ? 1 : 0;
  return 1 + Math.ceil(count / 2) + alignment + (sign === '-' ? 1 : 0);
}
