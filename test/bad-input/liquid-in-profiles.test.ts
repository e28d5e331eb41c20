import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { cohortWindowMs, windowReadyAt, windowStart } from '../../functions/commons/cohorts/cohort-window.ts';
import type { InboxListing } from '../../functions/inbox/inbox-schemas.ts';
import { type SeededStack, startSeededStack } from '../support/bad-input/seeded-stack.ts';
import { HOUR_MS, playUntil } from '../support/engine/engine-harness.ts';
import { IN_APP_JOURNEY } from '../support/engine/in-app-workspace.ts';

// Liquid an attacker puts in a profile attribute, through POST /events of `journeys serve`, then
// rendered by a real journey into a real inbox: the value comes out as the text it is. The
// renderer alone is tested with the same values in test/workflows/messages/template-injection.test.ts.
const INJECTED = JSON.parse(
  readFileSync(new URL('../fixtures/templates/injected-values.json', import.meta.url), 'utf8'),
) as { why: string; value: string }[];

let stack: SeededStack;
const customerOf = (index: number) => `c-liquid-${index}`;

/** Each value as the first name of a customer of its own, who then enters the in-app journey. */
beforeAll(async () => {
  stack = await startSeededStack();
  const engine = stack.running.engine;
  const now = engine.clock.now();
  const at = new Date(now).toISOString();
  const events = INJECTED.flatMap(({ value }, index) => [
    {
      eventId: `liquid-signup-${index}`,
      customerId: customerOf(index),
      name: 'signup',
      at,
      properties: { consent: { in_app: true }, attributes: { first_name: value } },
    },
    {
      eventId: `liquid-cart-${index}`,
      customerId: customerOf(index),
      name: 'add_to_cart',
      at,
      properties: { cartValue: 80 },
    },
  ]);
  const posted = await fetch(`http://127.0.0.1:${stack.running.port}/events`, {
    method: 'POST',
    body: JSON.stringify({ events }),
  });
  const results = (await posted.json()) as { results: { status: string }[] };
  if (results.results.some((result) => result.status !== 'accepted'))
    throw new Error(`events refused: ${JSON.stringify(results)}`);
  const journey = engine.deps.catalog.journeys.get(IN_APP_JOURNEY);
  const window = cohortWindowMs(journey as never);
  const started = windowReadyAt(windowStart(now, window), window);
  await engine.advanceTo(started);
  await engine.tick();
  await playUntil(engine, started + HOUR_MS / 2);
}, 180_000);
afterAll(async () => {
  await stack?.close();
});

test.each(INJECTED.map((entry, index) => [entry.why, entry.value, index] as const))(
  '%s: the inbox shows it as written',
  async (_why, value, index) => {
    // Act
    const answer = await fetch(`http://127.0.0.1:${stack.running.port}/customers/${customerOf(index)}/inbox`);
    const inbox = (await answer.json()) as InboxListing;

    // Assess
    expect(answer.status).toBe(200);
    expect(inbox.messages.map((message) => message.subject)).toContain(`Welcome, ${value}`);
  },
);
