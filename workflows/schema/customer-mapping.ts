import { z } from 'zod';
import { isTimeZone } from '../language/moment.ts';
import { Channel } from './primitives.ts';

/** A column of the file: a CSV header cell, or a JSONL key ("consent.email" reaches into an object). */
const ColumnName = z
  .string({ error: 'expected a column name as text' })
  .min(1, { error: 'expected a non-empty column name' })
  .max(128, { error: 'expected a column name of at most 128 characters' });

/** The profile fields a row may set, each read from the column of its own name unless mapped. */
export const IMPORTED_FIELDS = [
  'customerId',
  'email',
  'phone',
  'timezone',
  'member',
  'unsubscribed',
  'orderCount',
  'recentOrderCount',
  'totalSpend',
  'firstPurchaseAt',
  'lastActiveAt',
  'updatedAt',
] as const;
export type ImportedField = (typeof IMPORTED_FIELDS)[number];

const FIELD_DESCRIPTIONS: Record<ImportedField, string> = {
  customerId: 'The customer id; every row needs one, and a file names each id once.',
  email: 'The email address.',
  phone: 'The mobile number, in any common form; it is stored in E.164 ("+8613800138000").',
  timezone: 'The IANA time zone, such as "Asia/Shanghai"; empty takes defaults.timezone for a new profile.',
  member: 'Whether the customer is a member (true/false, yes/no, 1/0).',
  unsubscribed: 'Whether the customer unsubscribed from every channel (true/false, yes/no, 1/0).',
  orderCount: 'Orders ever, a whole number (a tier input).',
  recentOrderCount: 'Orders in the last 90 days, a whole number (the H tier input).',
  totalSpend: 'Total spend, a number of 0 or more.',
  firstPurchaseAt: 'When the customer first bought: an ISO date or date-time with an offset.',
  lastActiveAt: 'When the customer was last active: an ISO date or date-time with an offset.',
  updatedAt:
    'When the source system last changed the row (ISO): a field an event changed after it keeps the value the event gave.',
};

export const AttributeType = z
  .enum(['string', 'number', 'boolean', 'date'], {
    error: 'expected one of string, number, boolean, date',
  })
  .describe('How a column is read: text, a number, true/false (yes/no, 1/0), or an ISO date or date-time.');
export type AttributeType = z.infer<typeof AttributeType>;

const AttributeColumn = z.union(
  [
    AttributeType,
    z.strictObject({
      column: ColumnName.optional().describe('The column it is read from. @default the attribute name'),
      type: AttributeType,
    }),
  ],
  { error: 'expected a type (string, number, boolean, date) or { column, type }' },
);

/** A custom attribute's name, as conditions and templates use it. */
const AttributeKey = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, {
    error: 'expected an attribute name of letters, digits and _ (at most 64), such as "first_name"',
  })
  .refine((name) => name !== '__proto__', { error: 'expected a name other than "__proto__"' });

/** A region code libphonenumber knows: ISO 3166-1 alpha-2. */
const RegionCode = z
  .string()
  .regex(/^[A-Z]{2}$/, { error: 'expected a two-letter region code such as "CN" or "US"' });

export const CustomerMapping = z
  .strictObject({
    $schema: z.string().optional().describe('Path to the JSON Schema, for editors.'),
    columns: z
      .strictObject(
        Object.fromEntries(
          IMPORTED_FIELDS.map((field) => [field, ColumnName.optional().describe(FIELD_DESCRIPTIONS[field])]),
        ) as Record<ImportedField, z.ZodOptional<typeof ColumnName>>,
      )
      .default({})
      .describe(
        'The column each profile field is read from. @default each field from the column of its own name',
      ),
    consent: z
      .partialRecord(Channel, ColumnName)
      .default({})
      .describe(
        'The column holding each channel\'s consent (true/false). @default "consent.<channel>" for every channel',
      ),
    attributes: z
      .record(AttributeKey, AttributeColumn)
      .default({})
      .describe(
        'Custom attributes: name → type, or { column, type }. Columns "attributes.<name>" are read as text (CSV) or as they are (JSONL) without being declared.',
      ),
    defaults: z
      .strictObject({
        timezone: z
          .string()
          .refine(isTimeZone, { error: 'expected an IANA time zone such as "Asia/Shanghai"' })
          .default('Asia/Shanghai')
          .describe('The time zone of a new profile whose row has none. @default "Asia/Shanghai"'),
        phone_region: RegionCode.optional().describe(
          'The region of numbers written without a country code. @default none: such numbers are rejected',
        ),
      })
      .default({ timezone: 'Asia/Shanghai' })
      .describe('Values for what a row leaves out.'),
  })
  .describe(
    'How the columns of a customer file (CSV or JSONL) become profiles: `journeys customers import --mapping <file>`.',
  );
export type CustomerMapping = z.output<typeof CustomerMapping>;

/** The mapping used without a mapping file: every field from the column of its own name. */
export const DEFAULT_MAPPING: CustomerMapping = CustomerMapping.parse({});
