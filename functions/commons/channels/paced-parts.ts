import type { ChannelAdapter, DeliveryOutcome, OutgoingMessage } from './channel-adapter.ts';
import type { Deferral } from './paced-filing.ts';
import type { SendRates, Slotted } from './pacing.ts';

/**
 * Pacing by provider call: SNS's rate counts Publish calls, and a push makes one per device, so
 * a paced push to several devices is slotted as one part per device (each the message with that
 * device alone). The parts of a message that share a 100 ms window go to the channel joined again,
 * and their outcomes come back as one per message. SMS segments stay one call, which the carrier
 * splits: a slot per segment would not keep the segments of a second under the rate either.
 */
export function partsForPacing(messages: readonly OutgoingMessage[], rates: SendRates): OutgoingMessage[] {
  if (rates.push === undefined) return [...messages];
  return messages.flatMap((message) => {
    // Devices without an endpoint are published to by no one (the outbox keeps them whole).
    const published = (message.devices ?? []).filter((device) => device.endpointArn);
    if (message.channel !== 'push' || published.length < 2) return [message];
    return published.map((device) => ({ ...message, devices: [device] }));
  });
}

/** The channels, with the parts of one message in a batch joined into that message again. */
export function joiningParts(adapter: ChannelAdapter): ChannelAdapter {
  return {
    deliver(messages, context) {
      const joined = new Map<string, OutgoingMessage>();
      for (const message of messages) {
        const earlier = joined.get(message.idempotencyKey);
        joined.set(
          message.idempotencyKey,
          earlier
            ? { ...earlier, devices: [...(earlier.devices ?? []), ...(message.devices ?? [])] }
            : message,
        );
      }
      return adapter.deliver([...joined.values()], context);
    },
  };
}

/**
 * One outcome per message from its parts' (delivered in different windows): accepted when any
 * part was, with every device reported gone; rejected, with the first reason, when none was.
 */
export function outcomePerMessage(outcomes: readonly DeliveryOutcome[]): DeliveryOutcome[] {
  const merged = new Map<string, DeliveryOutcome>();
  for (const outcome of outcomes) {
    const earlier = merged.get(outcome.idempotencyKey);
    if (!earlier) {
      merged.set(outcome.idempotencyKey, outcome);
      continue;
    }
    const goneDevices = [...(earlier.goneDevices ?? []), ...(outcome.goneDevices ?? [])];
    const taken = earlier.status !== 'accepted' && outcome.status === 'accepted' ? outcome : earlier;
    merged.set(outcome.idempotencyKey, {
      ...taken,
      ...(goneDevices.length > 0 ? { goneDevices } : {}),
      ...(earlier.optedOut || outcome.optedOut ? { optedOut: true } : {}),
    });
  }
  return [...merged.values()];
}

/**
 * A message goes whole: when any part of it is deferred (past the wait, or into quiet hours), so
 * are the rest, in one deferral. Past quiet hours it takes new slots; for the rate it carries the
 * first slot of its parts, whose run the ticker gives them again (paced-delivery.ts), or takes new
 * ones if that slot is gone by then.
 */
export function wholeMessages(
  now: readonly Slotted<OutgoingMessage>[],
  deferrals: readonly Deferral[],
  at: number,
): { now: Slotted<OutgoingMessage>[]; deferrals: Deferral[] } {
  const byKey = new Map<string, Deferral[]>();
  for (const deferral of deferrals) {
    const key = deferral.message.idempotencyKey;
    byKey.set(key, [...(byKey.get(key) ?? []), deferral]);
  }
  const firstNow = new Map<string, number>();
  for (const { item, at: slot } of now)
    if (byKey.has(item.idempotencyKey))
      firstNow.set(item.idempotencyKey, Math.min(slot, firstNow.get(item.idempotencyKey) ?? slot));
  const whole: Deferral[] = [];
  for (const [key, parts] of byKey) {
    const [first] = parts;
    if (!first) continue;
    const quiet = parts.find((part) => part.slot === undefined);
    if (quiet || (parts.length === 1 && !firstNow.has(key))) {
      whole.push(quiet ?? first);
      continue;
    }
    const slots = parts.map((part) => part.slot ?? Number.POSITIVE_INFINITY);
    const slot = Math.min(...slots, firstNow.get(key) ?? Number.POSITIVE_INFINITY);
    const dueAt = Math.max(at, Math.min(...parts.map((part) => part.dueAt)));
    whole.push({ message: first.message, slot, dueAt });
  }
  return { now: now.filter(({ item }) => !byKey.has(item.idempotencyKey)), deferrals: whole };
}
