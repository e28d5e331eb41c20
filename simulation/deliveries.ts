import type { OutgoingMessage } from '../functions/commons/channels/channel-adapter.ts';
import type { Grant, Touch } from './behaviour.ts';
import type { SimulationState } from './checkpoint.ts';
import type { EmailFeedback } from './email-feedback.ts';
import { smsStepKey } from './sms-funnel.ts';

/** Touches, grants and reach as customers experience the delivered messages; a bounced email touches no one. */
export function recordDeliveries(
  state: SimulationState,
  delivered: readonly OutgoingMessage[],
  feedback: EmailFeedback | undefined,
): void {
  for (const message of delivered) {
    if (state.delivered.has(message.idempotencyKey)) continue;
    state.delivered.add(message.idempotencyKey);
    state.messages += 1;
    if (message.segments !== undefined) {
      const step = smsStepKey(message.journeyId, message.stepId);
      state.smsSegments[step] = (state.smsSegments[step] ?? 0) + message.segments;
    }
    const runs = state.reached.get(message.journeyId) ?? new Set<string>();
    runs.add(`${message.runId}\u0000${message.customerId}`);
    state.reached.set(message.journeyId, runs);
    const touch: Touch = {
      customerId: message.customerId,
      at: message.at,
      channel: message.channel,
      offer: message.offer,
      journeyId: message.journeyId,
    };
    if (feedback?.deliver(message) ?? true)
      state.touches.set(message.customerId, [...(state.touches.get(message.customerId) ?? []), touch]);
    if (message.offer) {
      const grant: Grant = { customerId: message.customerId, at: message.at, offerId: message.offer };
      state.grants.set(message.customerId, [...(state.grants.get(message.customerId) ?? []), grant]);
    }
  }
}
