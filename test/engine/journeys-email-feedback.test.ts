import { afterEach, describe, expect, test, vi } from 'vitest';
import { PAYERS } from '../../engine/metering/payers.ts';
import { LAMBDA_CONTEXT } from '../../engine/task-handlers.ts';
import { createEmailFeedbackHandler } from '../../functions/email-feedback/handler.ts';
import { emailStepFunnels } from '../../simulation/email-funnel.ts';
import { happenedAt, type SesFixture, sesEvent } from '../functions/email-feedback/ses-events-support.ts';
import {
  distinctMessages,
  funnelTotal,
  idsFor,
  playUntil,
  postAndTick,
  profile,
} from '../support/engine/engine-harness.ts';
import { cart, harnessPerTest, PREHEAT_AT, SHANGHAI } from '../support/engine/journey-scenarios.ts';

const harness = harnessPerTest();
afterEach(() => {
  vi.restoreAllMocks();
});

describe('email feedback, from SES events to the send step funnel', () => {
  test('cart-nudge counts each coupon email delivered, bounced, complained, opened and clicked once, however often SES tells it', async () => {
    // Prepare: five shoppers who take email only, so the cart coupon is their one message.
    const shoppers = idsFor('emailed', 5, { treatedIn: ['cart-nudge'] });
    const { engine, delivered } = await harness(['cart-nudge'], PREHEAT_AT);
    await engine.deps.stores.customers.putMany(
      shoppers.map((id) => profile(id, { timezone: SHANGHAI, consent: { email: true } })),
    );
    await postAndTick(
      engine,
      shoppers.map((id) => cart(engine, `cart-${id}`, id)),
    );
    await playUntil(engine, '2027-06-12T05:00:00Z');
    const emails = distinctMessages(delivered).filter((message) => message.channel === 'email');
    expect(emails.map((message) => message.customerId).sort()).toEqual([...shoppers].sort());
    // What each shopper's mailbox made of the email; the first delivery and open are told twice.
    const outcomes: readonly (readonly SesFixture[])[] = [
      ['delivery', 'delivery', 'open', 'click'],
      ['delivery', 'open', 'open'],
      ['bounce-hard'],
      ['delivery', 'complaint'],
      ['delivery', 'click'],
    ];
    const handler = createEmailFeedbackHandler(engine.depsOf(PAYERS.eventsApi));
    const now = engine.clock.now();

    // Act
    for (const [index, message] of emails.entries())
      for (const fixture of outcomes[index] ?? [])
        await handler(
          happenedAt(
            sesEvent(fixture, { ...message, messageId: `0100018f-cart-${index}-000000` }),
            now,
          ) as never,
          LAMBDA_CONTEXT,
        );

    // Assess
    const journey = engine.deps.catalog.journeys.get('cart-nudge');
    if (!journey) throw new Error('cart-nudge is not in the catalog');
    expect(emailStepFunnels(journey, await engine.deps.stores.funnel.rows('cart-nudge'))).toEqual([
      { stepId: 'send-cart-coupon', sent: 5, delivered: 4, bounced: 1, complained: 1, opened: 2, clicked: 2 },
    ]);
    expect(await funnelTotal(engine, 'cart-nudge', 'delivered', { stepId: 'send-cart-reminder' })).toBe(0);
    const suppressed = await Promise.all(
      emails.map(async (message) => (await engine.deps.stores.customers.get(message.customerId))?.suppressed),
    );
    expect(suppressed.map((each) => each?.email?.reason)).toEqual([
      undefined,
      undefined,
      'hard_bounce',
      'complaint',
      undefined,
    ]);
  });

  test('a feedback call that fails part-way throws for a retry, which counts the message once', async () => {
    // Prepare
    const [shopper = ''] = idsFor('retried', 1, { treatedIn: ['cart-nudge'] });
    const { engine, delivered } = await harness(['cart-nudge'], PREHEAT_AT);
    await engine.deps.stores.customers.putMany([
      profile(shopper, { timezone: SHANGHAI, consent: { email: true } }),
    ]);
    await postAndTick(engine, [cart(engine, `cart-${shopper}`, shopper)]);
    await playUntil(engine, '2027-06-12T05:00:00Z');
    const [coupon] = distinctMessages(delivered).filter((message) => message.channel === 'email');
    if (!coupon) throw new Error('no coupon email was sent');
    const deps = engine.depsOf(PAYERS.eventsApi);
    const handler = createEmailFeedbackHandler(deps);
    const bounce = happenedAt(
      sesEvent('bounce-hard', { ...coupon, messageId: '0100018f-retry-000000' }),
      engine.clock.now(),
    );
    const timelines = deps.stores.events;
    const append = timelines.appendToTimelines.bind(timelines);
    vi.spyOn(timelines, 'appendToTimelines')
      .mockRejectedValueOnce(new Error('ProvisionedThroughputExceededException'))
      .mockImplementation(append);

    // Act
    await expect(handler(structuredClone(bounce) as never, LAMBDA_CONTEXT)).rejects.toThrow(
      'ProvisionedThroughput',
    );
    const countedAfterFailure = await funnelTotal(engine, 'cart-nudge', 'bounced');
    const retried = await handler(structuredClone(bounce) as never, LAMBDA_CONTEXT);

    // Assess
    expect(countedAfterFailure).toBe(0);
    expect(retried).toEqual({ accepted: 1, duplicates: 0, ignored: 0, dropped: 0 });
    expect(await funnelTotal(engine, 'cart-nudge', 'bounced', { stepId: 'send-cart-coupon' })).toBe(1);
    expect((await engine.deps.stores.customers.get(shopper))?.suppressed.email?.reason).toBe('hard_bounce');
  });
});
