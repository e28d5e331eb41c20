import type { OutgoingMessage } from './channel-adapter.ts';

/** One SES message tag: the configuration set's event destinations publish them with every event. */
export interface MessageTag {
  readonly Name: string;
  readonly Value: string;
}

/** How SES events carry the tags of the message they are about (`mail.tags`). */
export type EventTags = Readonly<Record<string, readonly string[] | undefined>>;

/** A tag value holds at most 256 characters (SES v2 MessageTag). */
export const TAG_VALUE_MAX = 256;

/** The tag names of the idempotency key's parts: `idempotency-key-0`, `idempotency-key-1`, … */
export const IDEMPOTENCY_KEY_TAG = 'idempotency-key';
/** How many parts the key was cut into, so that a missing one is noticed. */
export const IDEMPOTENCY_KEY_PARTS_TAG = 'idempotency-key-parts';
export const JOURNEY_TAG = 'journey';
export const STEP_TAG = 'step';

/**
 * SES takes only ASCII letters, digits, `_` and `-` in a tag value (the API reference is stricter
 * than the developer guide's `.` and `@`), which is base64url's alphabet.
 */
const TAG_VALUE = /^[A-Za-z0-9_-]{1,256}$/;

export const encodeTagValue = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

export function decodeTagValue(value: string): string | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(value)) return undefined;
  return Buffer.from(value, 'base64url').toString('utf8');
}

/**
 * The tags of one email: its journey and step as they are (ids are kebab-case), and its
 * idempotency key encoded, in as many 256-character parts as it takes (a key of the longest run,
 * step and customer ids needs two), with their count.
 */
export function messageTags(message: Pick<OutgoingMessage, 'idempotencyKey' | 'journeyId' | 'stepId'>) {
  const encoded = encodeTagValue(message.idempotencyKey);
  const parts: MessageTag[] = [];
  for (let start = 0; start < encoded.length; start += TAG_VALUE_MAX)
    parts.push({
      Name: `${IDEMPOTENCY_KEY_TAG}-${parts.length}`,
      Value: encoded.slice(start, start + TAG_VALUE_MAX),
    });
  const tags = [
    ...parts,
    { Name: IDEMPOTENCY_KEY_PARTS_TAG, Value: String(parts.length) },
    { Name: JOURNEY_TAG, Value: message.journeyId },
    { Name: STEP_TAG, Value: message.stepId },
  ];
  for (const tag of tags)
    if (!TAG_VALUE.test(tag.Value))
      throw new Error(`the ${tag.Name} tag cannot be sent: expected [A-Za-z0-9_-]`);
  return tags;
}

/**
 * The idempotency key of the message an SES event is about, from its `mail.tags`; undefined when
 * the tags hold none (a message sent by something else) or a part is missing or not base64url.
 */
export function idempotencyKeyOfTags(tags: EventTags): string | undefined {
  const count = Number(tags[IDEMPOTENCY_KEY_PARTS_TAG]?.[0]);
  if (!Number.isInteger(count) || count < 1 || count > 8) return undefined;
  let encoded = '';
  for (let part = 0; part < count; part += 1) {
    const value = tags[`${IDEMPOTENCY_KEY_TAG}-${part}`]?.[0];
    if (value === undefined) return undefined;
    encoded += value;
  }
  const key = decodeTagValue(encoded);
  // Only a key that encodes back to the tags exactly is the one that was sent.
  return key !== undefined && encodeTagValue(key) === encoded ? key : undefined;
}
