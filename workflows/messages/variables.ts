import { CustomerProfile } from '../contracts/customer.ts';
import type { Offer } from '../schema/index.ts';

export type VariableType = 'text' | 'number' | 'boolean' | 'list' | 'time';

/** One variable a template may name, as `journeys validate` knows it and the reference documents it. */
export interface TemplateVariable {
  readonly name: string;
  readonly type: VariableType;
  readonly meaning: string;
  /** May be missing for a customer, so an output of it needs `| default: ...`. */
  readonly optional: boolean;
  /** The offer kinds that have it (offer.* only): the send step must present such an offer. */
  readonly offerKinds?: readonly Offer['kind'][];
}

/** Template names of the profile's own fields: snake_case, like the offer fields and Liquid itself. */
export const PROFILE_VARIABLES = [
  ['id', 'customerId', 'text', 'The customer id.'],
  [
    'email',
    'email',
    'text',
    'The email address. It is personal data: it goes into the message, never a log.',
  ],
  ['timezone', 'timezone', 'text', 'The IANA time zone; local_date shows times in it.'],
  ['member', 'member', 'boolean', 'Whether the customer is a member.'],
  ['tier', 'tier', 'text', 'The A-HEART tier: H, E or A.'],
  ['order_count', 'orderCount', 'number', 'Orders placed.'],
  ['recent_order_count', 'recentOrderCount', 'number', 'Orders in the last 90 days.'],
  ['total_spend', 'totalSpend', 'number', 'Total spend in currency units.'],
  ['tags', 'tags', 'list', 'The tags of the profile.'],
  ['first_purchase_at', 'firstPurchaseAt', 'time', 'When the first order was placed.'],
  ['last_active_at', 'lastActiveAt', 'time', 'When the customer was last active.'],
  ['created_at', 'createdAt', 'time', 'When the profile was created.'],
] as const satisfies readonly (readonly [string, keyof CustomerProfile, VariableType, string])[];

/** The one pattern variable: any attribute, written out by name. */
export const ATTRIBUTE_PREFIX = 'customer.attributes.';

/** Whether the profile schema lets a field be absent (a field with a default is always there). */
function optionalInProfile(field: keyof CustomerProfile): boolean {
  const result = CustomerProfile.shape[field].safeParse(undefined);
  return result.success && result.data === undefined;
}

const COUPON: readonly Offer['kind'][] = ['coupon'];
const ANY_OFFER: readonly Offer['kind'][] = ['coupon', 'points'];

export const TEMPLATE_VARIABLES: readonly TemplateVariable[] = [
  ...PROFILE_VARIABLES.map(([name, field, type, meaning]) => ({
    name: `customer.${name}`,
    type,
    meaning,
    optional: optionalInProfile(field),
  })),
  {
    name: 'customer.first_name',
    type: 'text',
    meaning: 'The first name: the attribute `first_name`.',
    optional: true,
  },
  {
    name: 'customer.locale',
    type: 'text',
    meaning:
      'The locale money and local_date format in: the attribute `locale` when it is a valid BCP 47 tag, else "en".',
    optional: false,
  },
  {
    name: `${ATTRIBUTE_PREFIX}<name>`,
    type: 'text',
    meaning: 'Any profile attribute, by name, e.g. customer.attributes.city.',
    optional: true,
  },
  {
    name: 'offer.id',
    type: 'text',
    meaning: "The send step's offer id.",
    optional: false,
    offerKinds: ANY_OFFER,
  },
  { name: 'offer.name', type: 'text', meaning: 'The offer name.', optional: false, offerKinds: ANY_OFFER },
  {
    name: 'offer.kind',
    type: 'text',
    meaning: '"coupon" or "points".',
    optional: false,
    offerKinds: ANY_OFFER,
  },
  {
    name: 'offer.currency',
    type: 'text',
    meaning: 'The ISO 4217 currency; money uses it when given none.',
    optional: false,
    offerKinds: ANY_OFFER,
  },
  {
    name: 'offer.amount',
    type: 'number',
    meaning: "A coupon's amount off, in currency units.",
    optional: false,
    offerKinds: COUPON,
  },
  {
    name: 'offer.min_spend',
    type: 'number',
    meaning: "A coupon's minimum order value.",
    optional: false,
    offerKinds: COUPON,
  },
  {
    name: 'offer.expires_at',
    type: 'time',
    meaning: "When a coupon expires: the grant's time plus its expires_after.",
    optional: false,
    offerKinds: COUPON,
  },
  {
    name: 'offer.code',
    type: 'text',
    meaning: 'The code that redeems a coupon at checkout: its id in capitals.',
    optional: false,
    offerKinds: COUPON,
  },
  {
    name: 'offer.points',
    type: 'number',
    meaning: 'The points a points offer credits.',
    optional: false,
    offerKinds: ['points'],
  },
  { name: 'journey.id', type: 'text', meaning: 'The journey id.', optional: false },
  { name: 'journey.name', type: 'text', meaning: 'The journey name.', optional: false },
  { name: 'step.id', type: 'text', meaning: 'The id of the send step.', optional: false },
  {
    name: 'unsubscribe_url',
    type: 'text',
    meaning: "The customer's one-click unsubscribe link for the channel. Every email must link it.",
    optional: false,
  },
];

const BY_NAME = new Map(TEMPLATE_VARIABLES.map((variable) => [variable.name, variable]));
const ROOTS = ['customer', 'offer', 'journey', 'step', 'unsubscribe_url'];
/** What Liquid itself reads of a value: its length, or a list's ends and items. */
const TRAILING: Record<VariableType, (part: string | number) => boolean> = {
  text: (part) => part === 'size',
  list: (part) => typeof part === 'number' || ['size', 'first', 'last'].includes(part),
  number: () => false,
  boolean: () => false,
  time: () => false,
};

/** A variable path as Liquid's static analysis gives it; a nested list is a computed part. */
export type VariablePath = readonly (string | number | VariablePath)[];

export type ResolvedVariable =
  | { readonly known: true; readonly variable: TemplateVariable; readonly name: string }
  | { readonly known: false; readonly problem: string };

export function pathText(path: VariablePath): string {
  return path.reduce<string>((text, part, index) => {
    if (Array.isArray(part)) return `${text}[${pathText(part)}]`;
    if (typeof part === 'number') return `${text}[${part}]`;
    return index === 0 ? String(part) : `${text}.${String(part)}`;
  }, '');
}

/** The variable a path names, or why it names none (with the names that were meant to be used). */
export function resolveVariable(path: VariablePath): ResolvedVariable {
  const text = pathText(path);
  const [root, field, ...rest] = path;
  if (typeof root !== 'string' || !ROOTS.includes(root))
    return unknown(text, 'customer.*, offer.*, journey.*, step.* or unsubscribe_url');
  if (path.some(Array.isArray))
    return {
      known: false,
      problem: `${text} looks a name up that is computed; write the name out, as in customer.attributes.city`,
    };
  const expected = () =>
    TEMPLATE_VARIABLES.filter((variable) => variable.name.startsWith(`${root}.`) || variable.name === root)
      .map((variable) => variable.name)
      .join(', ');
  if (root === 'customer' && field === 'attributes' && typeof rest[0] === 'string') {
    const [attribute, ...after] = rest;
    const variable = BY_NAME.get(`${ATTRIBUTE_PREFIX}<name>`) as TemplateVariable;
    if (after.every((part) => TRAILING.text(part as string | number)))
      return { known: true, variable, name: `${ATTRIBUTE_PREFIX}${attribute}` };
    return unknown(text, expected());
  }
  const name = field === undefined ? root : `${root}.${String(field)}`;
  const variable = BY_NAME.get(name);
  if (!variable || !rest.every((part) => TRAILING[variable.type](part as string | number)))
    return unknown(text, expected());
  return { known: true, variable, name };
}

function unknown(text: string, expected: string): ResolvedVariable {
  return { known: false, problem: `unknown variable ${text}; expected one of ${expected}` };
}
