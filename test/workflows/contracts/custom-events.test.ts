import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { zodProblems } from '../../../functions/commons/runtime/zod-problems.ts';
import { CUSTOM_EVENT_LIMITS } from '../../../workflows/contracts/custom-events.ts';
import { CustomerEvent, isKnownEvent } from '../../../workflows/contracts/customer.ts';

/**
 * Custom events beside the known ones: any snake_case name, JSON properties within the limits,
 * and no key that reaches an object's prototype. The malformed cases in
 * test/events/malformed/custom.json run with the others in customer.test.ts.
 */

type RawEvent = Record<string, unknown>;
const VALID: Record<string, RawEvent> = JSON.parse(
  readFileSync(new URL('../../events/ingest/valid-events.json', import.meta.url), 'utf8'),
);
const APP_OPENED = VALID.app_opened as RawEvent;

const problemsOf = (raw: unknown) => {
  const result = CustomerEvent.safeParse(raw, { reportInput: true });
  return result.success ? [] : zodProblems(result.error);
};
const withProperties = (properties: unknown): RawEvent => ({ ...structuredClone(APP_OPENED), properties });
/** An object with `key` as its own field, even "__proto__", as JSON.parse makes it. */
const withOwn = (key: string, value: unknown): RawEvent => JSON.parse(JSON.stringify({ [key]: value }));
/** Properties nested `levels` objects deep below `properties`. */
const nested = (levels: number): RawEvent => {
  let value: RawEvent = { leaf: true };
  for (let level = 1; level < levels; level += 1) value = { inner: value };
  return { outer: value };
};

describe('a custom event', () => {
  it('parses with its properties as they were sent', () => {
    // Act
    const parsed = CustomerEvent.parse(APP_OPENED);

    // Assess
    expect(isKnownEvent(parsed)).toBe(false);
    expect(parsed).toEqual(APP_OPENED);
  });

  it('has empty properties when it sends none', () => {
    const { properties: _, ...bare } = APP_OPENED;

    expect(CustomerEvent.parse(bare).properties).toEqual({});
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses the key "%s" at any depth', (key) => {
    // Prepare
    const top = withProperties(withOwn(key, 1));
    const deep = withProperties({ device: { settings: withOwn(key, { polluted: true }) } });
    const inList = withProperties({ items: [withOwn(key, 'x')] });
    const reserved = `the name "${key}" is not allowed: it is reserved; expected another name`;

    // Act + Assess
    expect(problemsOf(top)).toEqual([{ path: `properties.${key}`, message: reserved }]);
    expect(problemsOf(deep)).toEqual([{ path: `properties.device.settings.${key}`, message: reserved }]);
    expect(problemsOf(inList)).toEqual([{ path: `properties.items[0].${key}`, message: reserved }]);
  });

  it(`takes ${CUSTOM_EVENT_LIMITS.depth} levels of nesting and refuses one more`, () => {
    expect(problemsOf(withProperties(nested(CUSTOM_EVENT_LIMITS.depth)))).toEqual([]);

    const problems = problemsOf(withProperties(nested(CUSTOM_EVENT_LIMITS.depth + 1)));

    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain(`expected at most ${CUSTOM_EVENT_LIMITS.depth} levels`);
  });

  it(`takes properties of ${CUSTOM_EVENT_LIMITS.propertiesBytes} bytes and refuses a byte more`, () => {
    // Prepare: {"text":"…"} is 11 bytes around the text; é is two bytes in UTF-8, so bytes are counted, not characters
    const pairs = Math.floor((CUSTOM_EVENT_LIMITS.propertiesBytes - 11) / 2);
    const exact = withProperties({ text: `${'é'.repeat(pairs)}a` });
    const over = withProperties({ text: 'é'.repeat(pairs + 1) });

    // Act + Assess
    expect(problemsOf(exact)).toEqual([]);
    expect(problemsOf(over)).toEqual([
      {
        path: 'properties',
        message: `are ${CUSTOM_EVENT_LIMITS.propertiesBytes + 1} bytes as JSON: expected at most ${CUSTOM_EVENT_LIMITS.propertiesBytes}`,
      },
    ]);
  });

  it('lists every problem of its properties, each at its path', () => {
    const problems = problemsOf(withProperties({ count: 1e20, nested: { '': 1 }, ok: 'yes' }));

    expect(problems.map((problem) => problem.path)).toEqual(['properties.count', 'properties.nested.']);
  });
});

describe('a known event name', () => {
  it('keeps its typed schema: free properties on a purchase are refused', () => {
    // Prepare
    const purchase = { ...structuredClone(VALID.purchase), properties: { screen: 'home' } };

    // Act
    const paths = problemsOf(purchase).map((problem) => problem.path);

    // Assess
    expect(paths).toEqual(expect.arrayContaining(['properties.orderId', 'properties.orderValue']));
    expect(paths).toContain('properties.screen');
  });

  it('is never parsed as a custom event', () => {
    const parsed = CustomerEvent.parse(VALID.add_to_cart);

    expect(isKnownEvent(parsed)).toBe(true);
  });
});
