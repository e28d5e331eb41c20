import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningServer, serve } from '../../../engine/serve.ts';
import {
  signUnsubscribeToken,
  unsubscribeKey,
} from '../../../functions/commons/channels/unsubscribe-token.ts';
import {
  cohortWindowMs,
  windowReadyAt,
  windowStart,
} from '../../../functions/commons/cohorts/cohort-window.ts';
import type { InboxListing } from '../../../functions/inbox/inbox-schemas.ts';
import { HOUR_MS, playUntil } from '../engine/engine-harness.ts';
import { IN_APP_JOURNEY, inAppCatalog } from '../engine/in-app-workspace.ts';
import type { Seeded } from './http-cases.ts';
import { TableSnapshots } from './table-snapshot.ts';

/** 10:00 in Shanghai; the valid fixture events (02:00 to 03:00 UTC) are neither future nor stale. */
export const START = Date.parse('2027-06-11T02:00:00Z');
export const SEEDED_CUSTOMER = 'c-seeded';

export interface SeededStack {
  readonly running: RunningServer;
  readonly seeded: Seeded;
  readonly snapshots: TableSnapshots;
  close(): Promise<void>;
}

/**
 * `journeys serve` on port 0 with a customer who has a profile, a finished run of the in-app
 * journey and three inbox messages, so a request that wrongly writes, erases or reads something
 * has something to change. The clock is the test's: nothing moves between cases.
 */
export async function startSeededStack(): Promise<SeededStack> {
  const outboxFile = join(mkdtempSync(join(tmpdir(), 'journeys-bad-input-')), 'outbox.jsonl');
  const running = await serve({ catalog: await inAppCatalog(), port: 0, outboxFile, startAt: START });
  const at = new Date(START).toISOString();
  const events = [
    {
      eventId: 'seed-signup',
      customerId: SEEDED_CUSTOMER,
      name: 'signup',
      at,
      properties: {
        email: 'seeded@example.com',
        phone: '+8613800138000',
        consent: { email: true, in_app: true },
        attributes: { first_name: 'Lin' },
      },
    },
    {
      eventId: 'seed-cart',
      customerId: SEEDED_CUSTOMER,
      name: 'add_to_cart',
      at,
      properties: { cartValue: 80 },
    },
  ];
  const posted = await running.engine.postEvents(JSON.stringify({ events }));
  if (posted.statusCode !== 200) throw new Error(`seeding failed: ${posted.body}`);
  const journey = running.engine.deps.catalog.journeys.get(IN_APP_JOURNEY);
  const window = cohortWindowMs(journey as never);
  const started = windowReadyAt(windowStart(START, window), window);
  await running.engine.advanceTo(started);
  await running.engine.tick();
  await playUntil(running.engine, started + 3 * HOUR_MS);
  const inbox = await running.engine.inbox({ method: 'GET', path: { id: SEEDED_CUSTOMER }, query: {} });
  const [message] = (JSON.parse(inbox.body) as InboxListing).messages;
  if (!message) throw new Error('seeding delivered no inbox message');
  const key = running.engine.deps.unsubscribeKey;
  if (!key) throw new Error('the engine has no unsubscribe key');
  const token = signUnsubscribeToken({ customerId: SEEDED_CUSTOMER, channel: 'email' }, key);
  const seeded: Seeded = {
    segmentWriteKey: running.segmentWriteKey,
    customer: SEEDED_CUSTOMER,
    message: message.id,
    token,
    tokenOfAnotherKey: signUnsubscribeToken(
      { customerId: SEEDED_CUSTOMER, channel: 'email' },
      unsubscribeKey(randomBytes(32)),
    ),
    // The channel changed after signing: the MAC no longer matches the payload.
    tokenTampered: `${Buffer.from(JSON.stringify([1, 'sms', SEEDED_CUSTOMER])).toString('base64url')}.${token.split('.')[1]}`,
    longToken: `${token}${'A'.repeat(600)}`,
  };
  const snapshots = new TableSnapshots(running.engine.dynamoEndpoint);
  return {
    running,
    seeded,
    snapshots,
    close: async () => {
      snapshots.close();
      await running.close();
    },
  };
}
