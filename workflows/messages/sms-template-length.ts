import { analyzeSync, type Filter, Output, Tag, type Template, Value } from 'liquidjs';
import { CustomerProfile, EmailAddress } from '../contracts/customer.ts';
import { Journey } from '../schema/journey.ts';
import { Id } from '../schema/primitives.ts';
import { formatLocalTime } from './filters.ts';
import { parseLiquid } from './liquid.ts';
import {
  encodingOf,
  MAX_SMS_SEGMENTS,
  SEGMENT_UNITS,
  type SmsEncoding,
  type SmsLength,
  segmentsOf,
  type UnitRun,
  unitsOf,
} from './sms-segments.ts';
import { ATTRIBUTE_PREFIX, resolveVariable } from './variables.ts';

/**
 * Text the schema gives no bound: attribute values (customer.first_name among them), offer
 * names, the tags. They count at the bound attribute names have, 64 characters.
 */
export const UNBOUNDED_TEXT = 64;
/** A number printed as JavaScript prints it: up to 24 characters ("-2.2250738585072014e-308"). */
const NUMBER = 24;
/** A whole count (orders, points, a size): up to Number.MAX_SAFE_INTEGER's 16 digits. */
const COUNT = String(Number.MAX_SAFE_INTEGER).length;
/** A time as the scope holds it, ISO 8601 in UTC: "2027-06-18T02:00:00.000Z". */
const ISO_TIME = 24;
/** An amount as money: the longest number grouped, with a currency symbol. */
const MONEY = 28;
/** The longest IANA zone name, "America/Argentina/ComodRivadavia". */
const TIME_ZONE = 32;
/** The events API's address (up to 100 characters), its route and a token for the longest customer id. */
const UNSUBSCRIBE_URL = 400;

/** The longest value of each variable, from the schema where it bounds the field. */
const LONGEST: Readonly<Record<string, number>> = {
  'customer.id': CustomerProfile.shape.customerId.maxLength ?? 128,
  'customer.email': EmailAddress.maxLength ?? 254,
  'customer.timezone': TIME_ZONE,
  'customer.member': 'false'.length,
  'customer.tier': 1,
  'customer.order_count': COUNT,
  'customer.recent_order_count': COUNT,
  'customer.total_spend': NUMBER,
  'customer.tags': UNBOUNDED_TEXT,
  'customer.first_purchase_at': ISO_TIME,
  'customer.last_active_at': ISO_TIME,
  'customer.created_at': ISO_TIME,
  'customer.first_name': UNBOUNDED_TEXT,
  'customer.locale': UNBOUNDED_TEXT,
  'offer.id': Id.maxLength ?? 64,
  'offer.name': UNBOUNDED_TEXT,
  'offer.kind': 'coupon'.length,
  'offer.currency': 3,
  'offer.amount': NUMBER,
  'offer.min_spend': NUMBER,
  'offer.expires_at': ISO_TIME,
  'offer.code': Id.maxLength ?? 64,
  'offer.points': COUNT,
  'journey.id': Id.maxLength ?? 64,
  'journey.name': Journey.shape.name.maxLength ?? 120,
  'step.id': Id.maxLength ?? 64,
  unsubscribe_url: UNSUBSCRIBE_URL,
};

/** Filters that make a number of anything. */
const NUMERIC_FILTERS = new Set([
  'plus',
  'minus',
  'times',
  'divided_by',
  'modulo',
  'round',
  'ceil',
  'floor',
  'abs',
  'at_least',
  'at_most',
]);

/** What one stretch of the message is: literal text, or a placeholder of at most `length` characters. */
type Piece = { readonly text: string } | { readonly length: number };

/** The longest an SMS template renders to, with the placeholders that were counted at their longest. */
export interface SmsTemplateLength extends SmsLength {
  /** Each placeholder's name and the length it was counted at, in the order they appear. */
  readonly placeholders: ReadonlyMap<string, number>;
}

/**
 * The most segments an SMS template can take: its text as written, each placeholder at the
 * longest value the schema allows (after its filters: `default`, `truncate`, `money`, …), and
 * the longest branch of each `if`, `unless` and `case`. A loop's body counts once. The encoding
 * is the text's own: a placeholder value outside GSM-7, such as a name in Chinese, makes the
 * message UCS-2 when it is sent. Throws Liquid's error for a source that does not parse.
 */
export function smsTemplateLength(source: string): SmsTemplateLength {
  const templates = parseLiquid(source, 'text');
  const literals: string[] = [];
  walk(templates, 'GSM-7', { literals, placeholders: new Map() });
  const encoding = encodingOf(literals.join(''));
  const placeholders = new Map<string, number>();
  const runs = runsOf(walk(templates, encoding, { literals: [], placeholders }), encoding);
  return {
    encoding,
    units: runs.reduce((sum, run) => sum + run.units * run.count, 0),
    segments: segmentsOf(runs, encoding),
    placeholders,
  };
}

interface Walk {
  /** Every literal text met, in every branch, which decides the encoding. */
  readonly literals: string[];
  readonly placeholders: Map<string, number>;
}

function runsOf(pieces: readonly Piece[], encoding: SmsEncoding): UnitRun[] {
  return pieces.flatMap((piece) =>
    'text' in piece
      ? [...piece.text].map((character) => ({ units: unitsOf(character, encoding), count: 1 }))
      : [{ units: 1, count: piece.length }],
  );
}

const unitsOfPieces = (pieces: readonly Piece[], encoding: SmsEncoding) =>
  runsOf(pieces, encoding).reduce((sum, run) => sum + run.units * run.count, 0);

function walk(templates: readonly Template[], encoding: SmsEncoding, state: Walk): Piece[] {
  return templates.flatMap((template): Piece[] => {
    if (template instanceof Output) return [outputPiece(template.value, template, encoding, state)];
    if (template instanceof Tag) return tagPieces(template, encoding, state);
    // Raw text between outputs and tags, whitespace control applied.
    const text = String((template as unknown as { str?: unknown }).str ?? '');
    state.literals.push(text);
    return [{ text }];
  });
}

/** A tag's text: the longest of its branches, a loop's body once, and nothing for tags that print nothing. */
function tagPieces(tag: Tag, encoding: SmsEncoding, state: Walk): Piece[] {
  const fields = tag as unknown as {
    branches?: { templates: Template[] }[];
    elseTemplates?: Template[];
    templates?: Template[];
    tokens?: { getText(): string }[];
    value?: unknown;
  };
  switch (tag.name) {
    case 'if':
    case 'unless':
    case 'case':
      return longest(
        [...(fields.branches ?? []).map((branch) => branch.templates), fields.elseTemplates ?? []],
        encoding,
        state,
      );
    case 'for':
    case 'tablerow':
      return longest([fields.templates ?? [], fields.elseTemplates ?? []], encoding, state);
    case 'raw': {
      const text = (fields.tokens ?? []).map((token) => token.getText()).join('');
      state.literals.push(text);
      return [{ text }];
    }
    case 'echo':
      return fields.value instanceof Value ? [outputPiece(fields.value, tag, encoding, state)] : [];
    default:
      return [];
  }
}

function longest(branches: readonly Template[][], encoding: SmsEncoding, state: Walk): Piece[] {
  let best: Piece[] = [];
  for (const branch of branches) {
    const pieces = walk(branch, encoding, state);
    if (unitsOfPieces(pieces, encoding) > unitsOfPieces(best, encoding)) best = pieces;
  }
  return best;
}

/** One output: a literal as written, or its variable at its longest, through its filters. */
function outputPiece(value: Value, node: Template, encoding: SmsEncoding, state: Walk): Piece {
  const [initial] = value.initial.postfix;
  const quoted = literalOf(initial);
  if (quoted !== undefined && value.filters.length === 0) {
    state.literals.push(quoted);
    return { text: quoted };
  }
  let name: string | undefined;
  let length = quoted?.length ?? UNBOUNDED_TEXT;
  const variables = Object.values(analyzeSync([node], { partials: false }).globals).flat();
  for (const variable of variables) {
    const path = variable.toArray();
    const resolved = resolveVariable(path);
    if (!resolved.known) continue;
    const longestValue = path.at(-1) === 'size' ? COUNT : (longestOf(resolved.name) ?? UNBOUNDED_TEXT);
    if (name === undefined || longestValue > length) {
      name = resolved.name;
      length = longestValue;
    }
  }
  for (const filter of value.filters) length = afterFilter(filter, length, encoding, state);
  if (name !== undefined) state.placeholders.set(name, Math.max(state.placeholders.get(name) ?? 0, length));
  return { length };
}

function longestOf(name: string): number | undefined {
  return name.startsWith(ATTRIBUTE_PREFIX) ? UNBOUNDED_TEXT : LONGEST[name];
}

/** The text of a quoted or number literal, else undefined. */
function literalOf(token: unknown): string | undefined {
  const content = (token as { content?: unknown } | undefined)?.content;
  if (typeof content === 'string') return content;
  return typeof content === 'number' ? String(content) : undefined;
}

/** The longest a value can be after a filter; a filter not known here leaves its length as it was. */
function afterFilter(filter: Filter, length: number, encoding: SmsEncoding, state: Walk): number {
  const argument = literalOf(filter.args[0]);
  const literalUnits = (text: string) => {
    state.literals.push(text);
    return [...text].reduce((sum, character) => sum + unitsOf(character, encoding), 0);
  };
  switch (filter.name) {
    case 'default':
      return argument === undefined ? length : Math.max(length, literalUnits(argument));
    case 'append':
    case 'prepend':
      return argument === undefined ? length + UNBOUNDED_TEXT : length + literalUnits(argument);
    case 'truncate':
      return Math.min(length, Number(argument ?? 50));
    case 'money':
      return MONEY;
    case 'local_date':
      return longestDate(argument ?? 'DDD');
    case 'size':
      return COUNT;
    default:
      return NUMERIC_FILTERS.has(filter.name) ? NUMBER : length;
  }
}

const dateLengths = new Map<string, number>();

/** The longest a luxon format writes a day of a year in English: every month, every weekday. */
function longestDate(format: string): number {
  const known = dateLengths.get(format);
  if (known !== undefined) return known;
  let most = 0;
  for (let month = 1; month <= 12; month += 1)
    for (let day = 22; day <= 28; day += 1) {
      const iso = `2027-${String(month).padStart(2, '0')}-${day}T23:59:59.999Z`;
      most = Math.max(most, formatLocalTime(iso, format, 'UTC', 'en').length);
    }
  dateLengths.set(format, most);
  return most;
}

/** What `journeys validate` says of an SMS body's length: nothing for one segment, a warning past it, an error past 10. */
export function smsLengthIssue(
  source: string,
): { readonly code: string; readonly message: string; readonly severity: 'error' | 'warning' } | undefined {
  const length = smsTemplateLength(source);
  if (length.segments <= 1) return undefined;
  const { single, part } = SEGMENT_UNITS[length.encoding];
  const units = length.encoding === 'GSM-7' ? 'GSM-7 characters' : 'UCS-2 code units';
  const counted = [...length.placeholders].map(([name, at]) => `${name} at ${at}`);
  const placeholders =
    counted.length > 0
      ? `, counting ${new Intl.ListFormat('en', { type: 'conjunction' }).format(counted)} characters (their longest)`
      : '';
  const size = `${length.units} ${units} at most${placeholders}; one segment holds ${single}, and ${part} each once split`;
  if (length.segments > MAX_SMS_SEGMENTS)
    return {
      code: 'template.sms_too_long',
      message: `this SMS takes up to ${length.segments} segments: ${size}; at most ${MAX_SMS_SEGMENTS} are allowed, so shorten it`,
      severity: 'error',
    };
  return {
    code: 'template.sms_segments',
    message: `this SMS takes up to ${length.segments} segments, each billed: ${size}; shorten it, or bound a placeholder with | truncate: n, to send one`,
    severity: 'warning',
  };
}
