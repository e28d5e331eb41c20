import { describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../functions/commons/channels/channel-adapter.ts';
import { sendKey } from '../../functions/commons/dynamo/keys.ts';
import type { Segment } from '../../simulation/behaviour.ts';
import { DEFAULT_FEEDBACK, EmailFeedback } from '../../simulation/email-feedback.ts';
import { createRng } from '../../simulation/random.ts';
import { CustomerEvent } from '../../workflows/contracts/customer.ts';

const SENT_AT = Date.parse('2027-06-12T02:00:00Z');
const DAY_MS = 86_400_000;

function email(
  customerId: string,
  stepId = 'send-cart-coupon',
  channel: OutgoingMessage['channel'] = 'email',
) {
  const runId = 'cart-nudge-202706110300';
  return {
    idempotencyKey: sendKey(runId, stepId, customerId),
    channel,
    customerId,
    journeyId: 'cart-nudge',
    runId,
    stepId,
    template: 'cart-coupon-email',
    body: 'text',
    at: SENT_AT,
  } satisfies OutgoingMessage;
}

/** Every email of `count` customers of one segment delivered, and all their feedback taken. */
function feedbackOf(seed: number, segment: Segment, count: number, stepId?: string) {
  const pending: CustomerEvent[] = [];
  const feedback = new EmailFeedback(createRng(seed).fork('email-feedback'), () => segment, pending);
  const seen = Array.from({ length: count }, (_, index) => feedback.deliver(email(`c${index}`, stepId)));
  return { seen, events: feedback.takeDue(SENT_AT + 30 * DAY_MS), pending };
}

const bounceTypeOf = (event: CustomerEvent) => (event.properties as { bounceType?: string }).bounceType;

const share = (events: readonly CustomerEvent[], name: string, count: number) =>
  events.filter((event) => event.name === name).length / count;

describe('the simulated email feedback', () => {
  it('draws the same feedback for the same seed and other feedback for another', () => {
    expect(feedbackOf(618, 'E', 300).events).toEqual(feedbackOf(618, 'E', 300).events);
    expect(feedbackOf(618, 'E', 300).events).not.toEqual(feedbackOf(619, 'E', 300).events);
  });

  it('gives events the events API accepts, after the email and about its message', () => {
    for (const event of feedbackOf(7, 'A', 200).events) {
      expect(CustomerEvent.safeParse(event).success, event.eventId).toBe(true);
      expect(Date.parse(event.at)).toBeGreaterThan(SENT_AT);
      expect(event.properties).toMatchObject({
        idempotencyKey: sendKey('cart-nudge-202706110300', 'send-cart-coupon', event.customerId),
      });
    }
  });

  it.each(['H', 'E', 'A', 'guest'] as const)(
    'reports bounces, complaints, opens and clicks near the rates of segment %s',
    (segment) => {
      // Prepare
      const count = 20_000;
      const rates = DEFAULT_FEEDBACK;

      // Act
      const { events } = feedbackOf(618, segment, count);

      // Assess: within four standard errors of each rate.
      const near = (observed: number, expected: number) =>
        expect(Math.abs(observed - expected)).toBeLessThan(
          4 * Math.sqrt((expected * (1 - expected)) / count) + 1e-9,
        );
      const bounced =
        rates.deadAddress[segment] + (1 - rates.deadAddress[segment]) * rates.softBounce[segment];
      near(share(events, 'email_bounced', count), bounced);
      near(share(events, 'email_delivered', count), 1 - bounced);
      near(share(events, 'email_opened', count), (1 - bounced) * rates.open[segment]);
      near(
        share(events, 'email_clicked', count),
        (1 - bounced) * rates.open[segment] * rates.clickAfterOpen[segment],
      );
      near(share(events, 'email_complained', count), (1 - bounced) * rates.complaint[segment]);
    },
  );

  it('bounces every email to a dead address hard, and says its customer never saw them', () => {
    // Prepare: the first customers whose address is dead, then a second email to each.
    const first = feedbackOf(618, 'guest', 500);
    const dead = first.events.filter(
      (event) => event.name === 'email_bounced' && event.properties.bounceType === 'hard',
    );
    expect(dead.length).toBeGreaterThan(0);

    // Act
    const second = feedbackOf(618, 'guest', 500, 'send-cart-reminder');

    // Assess
    for (const bounce of dead) {
      const again = second.events.filter((event) => event.customerId === bounce.customerId);
      expect(again.map((event) => [event.name, bounceTypeOf(event)])).toEqual([['email_bounced', 'hard']]);
      expect(first.seen[Number(bounce.customerId.slice(1))]).toBe(false);
    }
  });

  it('queues feedback until it happens, then hands it over once, in time order', () => {
    // Prepare
    const pending: CustomerEvent[] = [];
    const feedback = new EmailFeedback(createRng(1).fork('email-feedback'), () => 'H', pending);
    for (let index = 0; index < 50; index += 1) feedback.deliver(email(`c${index}`));
    const total = pending.length;

    // Act
    const firstHour = feedback.takeDue(SENT_AT + 3_600_000);
    const rest = feedback.takeDue(SENT_AT + 30 * DAY_MS);

    // Assess
    expect(firstHour.length).toBeGreaterThan(0);
    expect(firstHour.every((event) => Date.parse(event.at) <= SENT_AT + 3_600_000)).toBe(true);
    expect(firstHour.length + rest.length).toBe(total);
    expect(pending).toEqual([]);
    const times = [...firstHour, ...rest].map((event) => Date.parse(event.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('reports nothing on messages of other channels', () => {
    const pending: CustomerEvent[] = [];
    const feedback = new EmailFeedback(createRng(1), () => 'guest', pending);

    expect(feedback.deliver(email('c1', 'send-cart-reminder', 'push'))).toBe(true);
    expect(pending).toEqual([]);
  });
});
