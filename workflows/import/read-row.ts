import { CustomerId, EmailAddress } from '../contracts/customer.ts';
import { isTimeZone } from '../language/moment.ts';
import type { CustomerMapping, ImportedField } from '../schema/customer-mapping.ts';
import { Channel } from '../schema/primitives.ts';
import {
  type CellReading,
  readAttribute,
  readBoolean,
  readDate,
  readNumber,
  readText,
  readUntypedAttribute,
} from './cell-values.ts';
import { normalizePhone } from './phone.ts';

/** What is wrong with one row: its number, the column, and what was expected there. No cell's value. */
export interface RowProblem {
  readonly row: number;
  readonly column: string;
  readonly reason: string;
}

export type ImportedValue = string | number | boolean;

/** A valid row: the customer, the row's time, and the values it gives by profile path. */
export interface ImportedRow {
  readonly row: number;
  readonly customerId: string;
  /** When the source last changed the row (epoch ms), if the file says. */
  readonly updatedAt?: number;
  /** By path ("email", "consent.sms", "attributes.city"); an empty cell gives nothing. */
  readonly values: Readonly<Record<string, ImportedValue>>;
}

export type RowReading =
  | { readonly ok: true; readonly row: ImportedRow }
  | { readonly ok: false; readonly problems: readonly RowProblem[] };

type FieldReader = (cell: unknown, mapping: CustomerMapping) => CellReading<ImportedValue>;

const whole = (cell: unknown) => readNumber(cell, { whole: true, min: 0 });
/** The moments a profile field may hold: a year in 1970..2099 is a typo or a placeholder outside it. */
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

const moment = (cell: unknown): CellReading<number> => {
  const date = readDate(cell);
  if (!date.ok || date.value === undefined) return date.ok ? { ok: true, value: undefined } : date;
  if (date.value.at < EARLIEST || date.value.at >= LATEST)
    return { ok: false, expected: 'a moment from 1970 to 2099, such as "2026-03-01T09:30:00+08:00"' };
  return { ok: true, value: date.value.at };
};

/** How each profile field is read from its cell. */
const FIELD_READERS: Record<Exclude<ImportedField, 'customerId' | 'updatedAt'>, FieldReader> = {
  email: (cell) => {
    const text = readText(cell, 254);
    if (!text.ok || text.value === undefined) return text;
    return EmailAddress.safeParse(text.value).success
      ? text
      : { ok: false, expected: 'an email address such as "name@example.com"' };
  },
  phone: (cell, mapping) => {
    const text = readText(cell, 64);
    if (!text.ok || text.value === undefined) return text;
    return normalizePhone(text.value, mapping.defaults.phone_region);
  },
  timezone: (cell) => {
    const text = readText(cell, 64);
    if (!text.ok || text.value === undefined) return text;
    return isTimeZone(text.value)
      ? text
      : { ok: false, expected: 'an IANA time zone such as "Asia/Shanghai" or "America/New_York"' };
  },
  member: readBoolean,
  unsubscribed: readBoolean,
  orderCount: whole,
  recentOrderCount: whole,
  totalSpend: (cell) => readNumber(cell, { min: 0 }),
  firstPurchaseAt: moment,
  lastActiveAt: moment,
};

/** The column a field is read from: the mapping's, else the field's own name. */
export const columnOf = (mapping: CustomerMapping, field: ImportedField): string =>
  mapping.columns[field] ?? field;

export const consentColumnOf = (mapping: CustomerMapping, channel: Channel): string =>
  mapping.consent[channel] ?? `consent.${channel}`;

export const UNDECLARED_ATTRIBUTE_PREFIX = 'attributes.';

/** Every column the mapping reads, so a file's other columns can be named as ignored. */
export function columnsRead(mapping: CustomerMapping): Set<string> {
  return new Set([
    ...(Object.keys(FIELD_READERS) as ImportedField[]).map((field) => columnOf(mapping, field)),
    columnOf(mapping, 'customerId'),
    columnOf(mapping, 'updatedAt'),
    ...Channel.options.map((channel) => consentColumnOf(mapping, channel)),
    ...Object.entries(mapping.attributes).map(([name, declared]) =>
      typeof declared === 'string' ? name : (declared.column ?? name),
    ),
  ]);
}

/**
 * One row's cells (CSV by header, or a flattened JSONL object) as profile values, each cell
 * checked on its own so the row's every problem is named at once.
 */
export function readRow(
  cells: Readonly<Record<string, unknown>>,
  row: number,
  mapping: CustomerMapping,
): RowReading {
  const problems: RowProblem[] = [];
  const values: Record<string, ImportedValue> = {};
  const take = <T>(column: string, reading: CellReading<T>): T | undefined => {
    if (reading.ok) return reading.value;
    problems.push({ row, column, reason: `expected ${reading.expected}` });
    return undefined;
  };

  const idColumn = columnOf(mapping, 'customerId');
  const idText = take(idColumn, readText(cells[idColumn], 128));
  let customerId: string | undefined;
  if (idText === undefined) {
    if (problems.length === 0)
      problems.push({ row, column: idColumn, reason: 'is required: expected the customer id' });
  } else {
    const parsed = CustomerId.safeParse(idText);
    if (parsed.success) customerId = idText;
    else
      problems.push({
        row,
        column: idColumn,
        reason: parsed.error.issues[0]?.message ?? 'expected a customer id',
      });
  }

  const updatedColumn = columnOf(mapping, 'updatedAt');
  const updatedAt = take(updatedColumn, moment(cells[updatedColumn]));

  for (const [field, read] of Object.entries(FIELD_READERS)) {
    const column = columnOf(mapping, field as ImportedField);
    const value = take(column, read(cells[column], mapping));
    if (value !== undefined) values[field] = value;
  }
  for (const channel of Channel.options) {
    const column = consentColumnOf(mapping, channel);
    const value = take(column, readBoolean(cells[column]));
    if (value !== undefined) values[`consent.${channel}`] = value;
  }
  const declared = new Set<string>();
  for (const [name, declaration] of Object.entries(mapping.attributes)) {
    const { column, type } =
      typeof declaration === 'string'
        ? { column: name, type: declaration }
        : { column: declaration.column ?? name, type: declaration.type };
    declared.add(name);
    const value = take(column, readAttribute(cells[column], type));
    if (value !== undefined) values[`attributes.${name}`] = value;
  }
  for (const [column, cell] of Object.entries(cells)) {
    if (!column.startsWith(UNDECLARED_ATTRIBUTE_PREFIX)) continue;
    const name = column.slice(UNDECLARED_ATTRIBUTE_PREFIX.length);
    if (declared.has(name)) continue;
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) {
      problems.push({
        row,
        column,
        reason: 'expected an attribute name of letters, digits and _ after "attributes."',
      });
      continue;
    }
    const value = take(column, readUntypedAttribute(cell));
    if (value !== undefined) values[`attributes.${name}`] = value;
  }

  if (problems.length > 0 || customerId === undefined) return { ok: false, problems };
  return { ok: true, row: { row, customerId, ...(updatedAt === undefined ? {} : { updatedAt }), values } };
}
