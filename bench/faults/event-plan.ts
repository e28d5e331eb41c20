import type { OutgoingMessage } from '../../functions/commons/channels/channel-adapter.ts';
import { DAY_MS, MINUTE_MS } from '../../functions/commons/runtime/clock.ts';
import type { ImportBatch } from '../../functions/import-customers/import-request.ts';
import { createRng, type Rng } from '../../simulation/random.ts';
import type { CustomerProfile } from '../../workflows/contracts/customer.ts';

/** An event as the events API takes it. */
export type CustomerEvent = {
  eventId: string;
  customerId: string;
  name: string;
  at: string;
  properties: Record<string, unknown>;
};

/** What the scenario's customers do, by moment: events, erasures, and when email feedback comes in. */
export interface EventPlan {
  readonly events: Map<number, CustomerEvent[]>;
  readonly erasures: Map<number, string[]>;
  readonly feedback: Set<number>;
}

const SHANGHAI = 'Asia/Shanghai';

/**
 * The scenario's events from `seed` alone (never from what the run did), so every run of a seed
 * posts the same: new customers on two days, each day carts and orders (the new customers' too),
 * a coupon redeemed, an SMS unsubscribe, and one erasure; email feedback every evening.
 */
export function eventPlan(
  seed: number,
  base: readonly CustomerProfile[],
  start: number,
  end: number,
): EventPlan {
  const plan: EventPlan = { events: new Map(), erasures: new Map(), feedback: new Set() };
  const add = (at: number, event: Omit<CustomerEvent, 'at'>) => {
    plan.events.set(at, [...(plan.events.get(at) ?? []), { ...event, at: new Date(at).toISOString() }]);
  };
  const customers = base.map((profile) => profile.customerId);
  for (let day = 0; start + day * DAY_MS < end; day += 1) {
    const rng = createRng(seed).fork(`day:${day}`);
    const from = start + day * DAY_MS;
    const at = () => from + HOUR + rng.int(0, 12 * 60) * MINUTE_MS;
    if (day === 0 || day === 3)
      for (let n = 0; n < 3; n += 1) {
        const customerId = `new-${day}-${n}`;
        add(from + 3 * HOUR + n * MINUTE_MS, {
          eventId: `signup-${customerId}`,
          customerId,
          name: 'signup',
          properties: {
            timezone: SHANGHAI,
            email: `${customerId}@example.com`,
            consent: { email: true, sms: true },
            phone: `+1555555${String(day * 10 + n).padStart(4, '0')}`,
          },
        });
        customers.push(customerId);
      }
    for (let n = 0; n < 3; n += 1) {
      const customerId = pick(rng, customers);
      add(at(), {
        eventId: `cart-${day}-${n}`,
        customerId,
        name: 'add_to_cart',
        properties: { cartValue: rng.int(30, 160) },
      });
    }
    for (let n = 0; n < 2; n += 1) {
      const customerId = pick(rng, customers);
      const orderId = `order-${day}-${n}`;
      add(at() + 3 * HOUR, {
        eventId: orderId,
        customerId,
        name: 'purchase',
        properties: { orderId, orderValue: rng.int(40, 300) },
      });
    }
    if (day === 2) {
      const orderId = `order-coupon-${day}`;
      const customerId = pick(rng, customers);
      add(at(), {
        eventId: `coupon-${day}`,
        customerId,
        name: 'coupon_redeemed',
        properties: { offerId: 'cart-coupon-15', orderId, amount: 15 },
      });
    }
    if (day === 1)
      add(at(), {
        eventId: `unsubscribe-${day}`,
        customerId: pick(rng, customers),
        name: 'unsubscribe',
        properties: { channel: 'sms' },
      });
    if (day === 3)
      plan.erasures.set(from + 6 * HOUR + 30 * MINUTE_MS, [pick(rng, customers.slice(0, base.length))]);
    plan.feedback.add(from + 22 * HOUR);
  }
  return plan;
}

const HOUR = 60 * MINUTE_MS;

function pick(rng: Rng, ids: readonly string[]): string {
  return ids[rng.int(0, ids.length - 1)] ?? '';
}

/**
 * What mailboxes made of the emails in `delivered` (each once, by its key): delivered, or bounced
 * hard; some opened. Drawn per message from the seed, so a redelivery changes nothing.
 */
export function feedbackOn(seed: number, delivered: readonly OutgoingMessage[], at: number): CustomerEvent[] {
  const emails = new Map(
    delivered
      .filter((message) => message.channel === 'email')
      .map((message) => [message.idempotencyKey, message]),
  );
  return [...emails.values()]
    .sort((a, b) => a.idempotencyKey.localeCompare(b.idempotencyKey))
    .flatMap((message) => {
      const rng = createRng(seed).fork(`feedback:${message.idempotencyKey}`);
      const reference = {
        idempotencyKey: message.idempotencyKey,
        journeyId: message.journeyId,
        runId: message.runId,
        stepId: message.stepId,
      };
      const event = (kind: string, properties: Record<string, unknown> = {}): CustomerEvent => ({
        eventId: `ses:${message.idempotencyKey}:${kind}`,
        customerId: message.customerId,
        name: kind,
        at: new Date(at).toISOString(),
        properties: { ...reference, ...properties },
      });
      if (rng.chance(0.1)) return [event('email_bounced', { bounceType: 'hard' })];
      return rng.chance(0.4) ? [event('email_delivered'), event('email_opened')] : [event('email_delivered')];
    });
}

/** One import batch: a city and SMS consent for some of the base, and two customers new to it. */
export function importRows(base: readonly CustomerProfile[]): ImportBatch {
  const updated = base.slice(0, 6).map((profile) => ({
    customerId: profile.customerId,
    'attributes.city': 'Hangzhou',
    'consent.sms': true,
  }));
  const added = ['imported-1', 'imported-2'].map((customerId) => ({
    customerId,
    email: `${customerId}@example.com`,
    timezone: SHANGHAI,
    member: true,
    'consent.email': true,
  }));
  return {
    Items: [...updated, ...added].map((row, index) => ({ index, row })),
    BatchInput: { source: 'faults-import.jsonl', firstRow: 1 },
  };
}
