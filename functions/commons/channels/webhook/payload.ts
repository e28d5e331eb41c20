import { z } from 'zod';
import type { OutgoingMessage } from '../channel-adapter.ts';

/** The JSON every webhook call carries: what a receiver may rely on. */
export const WebhookPayload = z.strictObject({
  /** The same as the Idempotency-Key header: a redelivered call carries the same one. */
  idempotencyKey: z.string().min(1),
  customerId: z.string().min(1),
  journeyId: z.string().min(1),
  runId: z.string().min(1),
  stepId: z.string().min(1),
  template: z.string().min(1),
  /** The send step's offer id, or null when it has none. */
  offer: z.string().nullable(),
  /** The template's body, rendered for this customer. */
  body: z.string(),
  /** When the send step sent it (the journey's clock), ISO 8601 in UTC. */
  sentAt: z.iso.datetime(),
});
export type WebhookPayload = z.infer<typeof WebhookPayload>;

export function webhookPayload(message: OutgoingMessage): WebhookPayload {
  return {
    idempotencyKey: message.idempotencyKey,
    customerId: message.customerId,
    journeyId: message.journeyId,
    runId: message.runId,
    stepId: message.stepId,
    template: message.template,
    offer: message.offer ?? null,
    body: message.body,
    sentAt: new Date(message.at).toISOString(),
  };
}
