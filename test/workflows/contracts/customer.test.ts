import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { zodProblems } from '../../../functions/commons/runtime/zod-problems.ts';
import { CustomerEvent, isKnownEvent, type KNOWN_EVENTS } from '../../../workflows/contracts/customer.ts';

/**
 * The event schema on its own: every malformed event of test/events/malformed/*.json is refused
 * with a problem naming its field and what was expected; keys every plain object inherits are
 * data like any other name.
 */

type KnownEvent = (typeof KNOWN_EVENTS)[number];
type RawEvent = Record<string, unknown>;

/** A malformed case: an event given whole, or a fixture event with fields set (dotted paths) or removed. */
interface MalformedCase {
  readonly case: string;
  readonly event?: unknown;
  readonly from?: KnownEvent;
  readonly set?: Readonly<Record<string, unknown>>;
  readonly unset?: readonly string[];
  /** The path a problem must name: dotted from the event's root, '' for the event itself. */
  readonly path: string;
  /** A key phrase of that problem's message, saying what was expected. */
  readonly expects: string;
}

const readJson = (url: URL) => JSON.parse(readFileSync(url, 'utf8'));
const VALID: Record<KnownEvent, RawEvent> = readJson(
  new URL('../../events/ingest/valid-events.json', import.meta.url),
);
const MALFORMED_DIR = new URL('../../events/malformed/', import.meta.url);
const MALFORMED: readonly (MalformedCase & { file: string })[] = readdirSync(MALFORMED_DIR)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .flatMap((file) =>
    (readJson(new URL(file, MALFORMED_DIR)) as MalformedCase[]).map((row) => ({ ...row, file })),
  );

/** The object holding the last part of `path`, and that part. */
function parentOf(root: RawEvent, path: string): [RawEvent, string] {
  const parts = path.split('.');
  const last = parts.pop() ?? '';
  const parent = parts.reduce((node, part) => node[part] as RawEvent, root);
  return [parent, last];
}

function eventOf(row: MalformedCase): unknown {
  if (!row.from) return row.event;
  const copy = structuredClone(VALID[row.from]);
  for (const path of row.unset ?? []) {
    const [parent, key] = parentOf(copy, path);
    delete parent[key];
  }
  for (const [path, value] of Object.entries(row.set ?? {})) {
    const [parent, key] = parentOf(copy, path);
    parent[key] = value;
  }
  return copy;
}

const problemsOf = (raw: unknown) => {
  const result = CustomerEvent.safeParse(raw, { reportInput: true });
  return result.success ? [] : zodProblems(result.error);
};

const INHERITED_KEYS = ['constructor', '__proto__', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
const STORABLE_KEYS = INHERITED_KEYS.filter((key) => key !== '__proto__');
const unknownField = (key: string) => `unknown field "${key}"; check its spelling or remove it`;
/** An object with `key` as its own field, even "__proto__", as JSON.parse makes it. */
const withOwn = (key: string, value: unknown): RawEvent => JSON.parse(JSON.stringify({ [key]: value }));

describe('the customer event schema', () => {
  it('accepts each fixture event as it is', () => {
    for (const [name, fixture] of Object.entries(VALID)) {
      expect(problemsOf(fixture), name).toEqual([]);
      expect(fixture.name).toBe(name);
    }
  });

  describe('a malformed event', () => {
    it('covers at least 40 distinct cases, each a change to a valid fixture or a whole value', () => {
      expect(new Set(MALFORMED.map((row) => row.case)).size).toBe(MALFORMED.length);
      expect(MALFORMED.length).toBeGreaterThanOrEqual(40);
      for (const row of MALFORMED) expect(row.from !== undefined || 'event' in row, row.case).toBe(true);
    });

    it.each(MALFORMED)('refuses $case ($file), naming "$path"', (row) => {
      // Act
      const problems = problemsOf(eventOf(row));

      // Assess
      expect(problems).toContainEqual({ path: row.path, message: expect.stringContaining(row.expects) });
    });

    it('lists every problem of an event with several, each under its own path', () => {
      // Prepare
      const purchase = structuredClone(VALID.purchase) as RawEvent & { properties: RawEvent };
      purchase.at = 'noon';
      purchase.properties.orderValue = -3;
      purchase.properties.orderId = '';

      // Act
      const paths = problemsOf(purchase).map((problem) => problem.path);

      // Assess
      expect(paths).toEqual(['at', 'properties.orderId', 'properties.orderValue']);
    });
  });

  describe('a name every plain object inherits', () => {
    it.each(STORABLE_KEYS)('is a profile attribute like any other: "%s"', (key) => {
      // Prepare
      const update = { ...VALID.profile_updated, properties: { attributes: withOwn(key, 'x') } };

      // Act
      const parsed = CustomerEvent.parse(update);

      // Assess
      const attributes =
        isKnownEvent(parsed) && parsed.name === 'profile_updated' ? parsed.properties.attributes : undefined;
      expect(Object.hasOwn(attributes ?? {}, key)).toBe(true);
      expect(attributes?.[key]).toBe('x');
    });

    it.each(STORABLE_KEYS)('is an event id like any other: "%s"', (key) => {
      expect(problemsOf({ ...VALID.signup, eventId: key })).toEqual([]);
    });

    it.each(STORABLE_KEYS)('is a customer id like any other: "%s"', (key) => {
      expect(problemsOf({ ...VALID.purchase, customerId: key })).toEqual([]);
    });

    it('refuses "__proto__" as a customer id: stores key maps by customer id', () => {
      expect(problemsOf({ ...VALID.purchase, customerId: '__proto__' })).toEqual([
        { path: 'customerId', message: 'expected a customer id other than "__proto__"' },
      ]);
    });

    it.each(INHERITED_KEYS)('is an unknown consent channel: "%s"', (key) => {
      const signup = { ...VALID.signup, properties: { consent: withOwn(key, true) } };

      expect(problemsOf(signup)).toEqual([{ path: `properties.consent.${key}`, message: unknownField(key) }]);
    });

    it.each(
      INHERITED_KEYS.flatMap((key) =>
        (['add_to_cart', 'purchase', 'coupon_redeemed', 'unsubscribe', 'signup'] as const).map((name) => ({
          key,
          name,
        })),
      ),
    )('is an unknown $name property: "$key"', ({ key, name }) => {
      const raw = {
        ...VALID[name],
        properties: { ...(VALID[name].properties as RawEvent), ...withOwn(key, 1) },
      };

      expect(problemsOf(raw)).toEqual([{ path: `properties.${key}`, message: unknownField(key) }]);
    });

    it('is an unknown field of the event itself: "__proto__"', () => {
      const raw = { ...VALID.signup, ...withOwn('__proto__', {}) };

      expect(problemsOf(raw)).toEqual([{ path: '__proto__', message: unknownField('__proto__') }]);
    });
  });
});
