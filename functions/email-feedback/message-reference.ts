import {
  type EventTags,
  idempotencyKeyOfTags,
  JOURNEY_TAG,
  STEP_TAG,
} from '../commons/channels/message-tag.ts';
import { sendKey } from '../commons/dynamo/keys.ts';

/** The message an SES event is about, as the send step that sent it knows it. */
export interface MessageReference {
  readonly idempotencyKey: string;
  readonly journeyId: string;
  readonly runId: string;
  readonly stepId: string;
  readonly customerId: string;
}

/**
 * The message an SES event is about, from the tags the send gave it: the idempotency key (which
 * holds the run, step and customer) and the journey. Why not, when the tags do not name one of
 * our messages in full, or disagree with each other.
 */
export function messageReference(tags: EventTags): MessageReference | { problem: string } {
  const idempotencyKey = idempotencyKeyOfTags(tags);
  if (idempotencyKey === undefined) return { problem: 'the message carries no idempotency key tags' };
  // Customer ids hold no "/"; run and step ids neither: the key splits into exactly its parts.
  const [runId = '', stepId = '', customerId = '', ...rest] = idempotencyKey.split('/');
  if (
    rest.length > 0 ||
    sendKey(runId, stepId, customerId) !== idempotencyKey ||
    !runId ||
    !stepId ||
    !customerId
  )
    return { problem: 'the idempotency key tag is not a send key "<runId>/<stepId>/<customerId>"' };
  const journeyId = tags[JOURNEY_TAG]?.[0];
  if (!journeyId) return { problem: `the message carries no ${JOURNEY_TAG} tag` };
  if (tags[STEP_TAG]?.[0] !== stepId)
    return { problem: `the ${STEP_TAG} tag is not the step of the idempotency key` };
  return { idempotencyKey, journeyId, runId, stepId, customerId };
}
