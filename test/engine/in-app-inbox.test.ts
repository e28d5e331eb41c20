import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { localDocumentClient } from '../../engine/dynalite/local-client.ts';
import { type RunningServer, serve } from '../../engine/serve.ts';
import type { OutgoingMessage } from '../../functions/commons/channels/channel-adapter.ts';
import { cohortWindowMs, windowReadyAt, windowStart } from '../../functions/commons/cohorts/cohort-window.ts';
import { stateKeys } from '../../functions/commons/dynamo/keys.ts';
import { TABLES } from '../../functions/commons/dynamo/tables.ts';
import { DAY_MS, MINUTE_MS } from '../../functions/commons/runtime/clock.ts';
import type { InboxEntry, InboxListing } from '../../functions/inbox/inbox-schemas.ts';
import { funnelTotal, HOUR_MS, playUntil } from '../support/engine/engine-harness.ts';
import { IN_APP_JOURNEY, inAppCatalog } from '../support/engine/in-app-workspace.ts';

// The acceptance of the in-app inbox: `journeys serve`, an add-to-cart that enters a journey of three
// in_app steps, and the inbox over HTTP: list, pages, read (counted in the funnel) and expiry.
const START = Date.parse('2027-06-11T02:00:00Z'); // 10:00 in Shanghai, outside quiet hours
const READER = 'inbox-reader';
const COUPON = 'Cart Saver (¥15 off orders over ¥99)';

let running: RunningServer;
let outboxFile: string;
const url = (path: string) => `http://127.0.0.1:${running.port}${path}`;

beforeAll(async () => {
  outboxFile = join(mkdtempSync(join(tmpdir(), 'journeys-inbox-')), 'outbox.jsonl');
  running = await serve({ catalog: await inAppCatalog(), port: 0, outboxFile, startAt: START });
}, 60_000);
afterAll(async () => {
  await running?.close();
});

async function getInbox(query = ''): Promise<{ status: number; body: InboxListing }> {
  const response = await fetch(url(`/customers/${READER}/inbox${query}`));
  return { status: response.status, body: (await response.json()) as InboxListing };
}
const read = (id: string) => fetch(url(`/customers/${READER}/inbox/${id}/read`), { method: 'POST' });
const opened = () => funnelTotal(running.engine, IN_APP_JOURNEY, 'opened', { stepId: 'send-welcome' });

describe('the in-app inbox on journeys serve', () => {
  let listed: InboxEntry[] = [];

  test('the journey puts its three messages in the inbox, rendered, newest first, kept 30 days', async () => {
    // Prepare
    const at = new Date(START).toISOString();
    const events = [
      {
        eventId: 'signup-reader',
        customerId: READER,
        name: 'signup',
        at,
        properties: {
          consent: { in_app: true },
          timezone: 'Asia/Shanghai',
          attributes: { first_name: 'Lin' },
        },
      },
      { eventId: 'cart-reader', customerId: READER, name: 'add_to_cart', at, properties: { cartValue: 80 } },
    ];
    const posted = await fetch(url('/events'), { method: 'POST', body: JSON.stringify({ events }) });
    expect(posted.status).toBe(200);
    const journey = running.engine.deps.catalog.journeys.get(IN_APP_JOURNEY);
    const window = cohortWindowMs(journey as never);
    const started = windowReadyAt(windowStart(START, window), window);

    // Act: the window's cohort starts, and its two hourly waits pass.
    await running.engine.advanceTo(started);
    await running.engine.tick();
    await playUntil(running.engine, started + 3 * HOUR_MS);
    const { status, body } = await getInbox();

    // Assess
    expect(status).toBe(200);
    listed = body.messages;
    expect(
      listed.map(({ stepId, subject, body: text, offer }) => ({ stepId, subject, text, offer })),
    ).toEqual([
      {
        stepId: 'send-last-call',
        subject: 'Last call',
        text: `${COUPON} ends soon.`,
        offer: 'cart-coupon-15',
      },
      {
        stepId: 'send-tip',
        subject: undefined,
        text: 'Tip: items in your cart are kept for 7 days.',
        offer: undefined,
      },
      {
        stepId: 'send-welcome',
        subject: 'Welcome, Lin',
        text: `Your ${COUPON} is waiting in your account.`,
        offer: 'cart-coupon-15',
      },
    ]);
    const [last = 0, tip = 0, welcome = 0] = listed.map((entry) => Date.parse(entry.sentAt));
    expect([last - tip, tip - welcome]).toEqual([HOUR_MS, HOUR_MS]);
    expect(
      listed.every((entry) => Date.parse(entry.expiresAt) - Date.parse(entry.sentAt) === 30 * DAY_MS),
    ).toBe(true);
    expect(listed.every((entry) => entry.journeyId === IN_APP_JOURNEY && !entry.read)).toBe(true);
    for (const stepId of ['send-welcome', 'send-tip', 'send-last-call'])
      expect(await funnelTotal(running.engine, IN_APP_JOURNEY, 'sent', { stepId })).toBe(1);
    // The delivered messages still reach onDeliver, so serve's outbox file and the simulation see them.
    const delivered = readFileSync(outboxFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as OutgoingMessage);
    expect(delivered.filter((message) => message.channel === 'in_app')).toHaveLength(3);
  });

  test('pages of two: the first with a cursor, the second with the rest and none', async () => {
    // Act
    const first = await getInbox('?limit=2');
    const second = await getInbox(`?limit=2&next=${encodeURIComponent(first.body.next ?? '')}`);
    const bad = await fetch(url(`/customers/${READER}/inbox?limit=1000`));

    // Assess
    expect(first.body.messages.map((entry) => entry.id)).toEqual(listed.slice(0, 2).map((entry) => entry.id));
    expect(typeof first.body.next).toBe('string');
    expect(second.body.messages.map((entry) => entry.id)).toEqual([listed[2]?.id]);
    expect(second.body.next).toBeUndefined();
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { problems: { path: string }[] }).problems[0]?.path).toBe('query.limit');
  });

  test('reading a message marks it read and counts one open in the funnel; reading it again changes nothing', async () => {
    // Prepare
    const welcome = listed.find((entry) => entry.stepId === 'send-welcome')?.id ?? '';

    // Act
    const first = await read(welcome);
    const firstBody = (await first.json()) as { message: InboxEntry };
    const openedOnce = await opened();
    const again = await read(welcome);
    const againBody = (await again.json()) as { message: InboxEntry };

    // Assess
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(firstBody.message).toMatchObject({
      id: welcome,
      read: true,
      readAt: new Date(running.engine.clock.now()).toISOString(),
    });
    expect(againBody).toEqual(firstBody);
    expect([openedOnce, await opened()]).toEqual([1, 1]);
    const { body } = await getInbox();
    expect(body.messages.map((entry) => [entry.stepId, entry.read])).toEqual([
      ['send-last-call', false],
      ['send-tip', false],
      ['send-welcome', true],
    ]);
  });

  test('each message carries the TTL attribute; past its expiry it is not listed, though DynamoDB still holds it', async () => {
    // Prepare
    const state = running.engine.deps.config.STATE_TABLE;
    const raw = localDocumentClient({ endpoint: running.engine.dynamoEndpoint });
    const items = async () =>
      (
        await raw.query({
          TableName: state,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :msg)',
          ExpressionAttributeValues: { ':pk': stateKeys.inboxOf(READER), ':msg': 'msg#' },
        })
      ).Items ?? [];
    const welcome = listed.find((entry) => entry.stepId === 'send-welcome');
    const welcomeExpires = Date.parse(welcome?.expiresAt ?? '');

    // Act: a minute past the welcome's expiry, before the tip's (an hour later).
    await running.engine.advanceTo(welcomeExpires + MINUTE_MS);
    const { body } = await getInbox();
    const readExpired = await read(welcome?.id ?? '');

    // Assess
    expect(TABLES.find((table) => table.logicalName === 'state')?.ttlAttribute).toBe('expiresAt');
    expect((await items()).map((item) => item.expiresAt).sort()).toEqual(
      listed.map((entry) => Math.floor(Date.parse(entry.expiresAt) / 1000)).sort(),
    );
    expect(body.messages.map((entry) => entry.stepId)).toEqual(['send-last-call', 'send-tip']);
    expect(readExpired.status).toBe(404);
  });
});
