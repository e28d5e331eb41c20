import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  decodeTagValue,
  type EventTags,
  idempotencyKeyOfTags,
  messageTags,
  TAG_VALUE_MAX,
} from '../../../../functions/commons/channels/message-tag.ts';

const cases = JSON.parse(
  readFileSync(new URL('../../../fixtures/channels/idempotency-keys.json', import.meta.url), 'utf8'),
) as { case: string; key: string; parts?: number }[];

/** The tags as an SES event carries them in `mail.tags`. */
const asEventTags = (tags: readonly { Name: string; Value: string }[]): EventTags =>
  Object.fromEntries(tags.map((tag) => [tag.Name, [tag.Value]]));

const message = (idempotencyKey: string) => ({
  idempotencyKey,
  journeyId: 'first-purchase-gift',
  stepId: 'send-gift',
});

describe('message tags', () => {
  test.each(cases)('carry $case in values SES accepts, and decode back to the key', ({ key, parts }) => {
    // Act
    const tags = messageTags(message(key));

    // Assess
    for (const tag of tags) {
      expect(tag.Name).toMatch(/^[A-Za-z0-9_-]{1,256}$/);
      expect(tag.Value).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(tag.Value.length).toBeLessThanOrEqual(TAG_VALUE_MAX);
    }
    expect(tags.filter((tag) => /^idempotency-key-\d+$/.test(tag.Name))).toHaveLength(parts ?? 1);
    expect(idempotencyKeyOfTags(asEventTags(tags))).toBe(key);
  });

  test('name the journey and the step as they are', () => {
    const tags = asEventTags(messageTags(message('run#send-gift#c-1')));

    expect(tags.journey).toEqual(['first-purchase-gift']);
    expect(tags.step).toEqual(['send-gift']);
  });

  test('give no key for tags without one, with a part missing, or with a value that is not base64url', () => {
    // Prepare
    const longKey = cases.find((entry) => entry.parts === 2)?.key ?? '';
    const twoParts = asEventTags(messageTags(message(longKey)));
    const { 'idempotency-key-1': _second, ...firstOnly } = twoParts;

    // Act / Assess
    expect(idempotencyKeyOfTags({ 'ses:configuration-set': ['journeys'] })).toBeUndefined();
    expect(idempotencyKeyOfTags(firstOnly)).toBeUndefined();
    expect(
      idempotencyKeyOfTags({ 'idempotency-key-parts': ['1'], 'idempotency-key-0': ['not base64url!'] }),
    ).toBeUndefined();
    expect(decodeTagValue('a.b')).toBeUndefined();
  });
});
