import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { StoredEmail } from '../../engine/local-ses.ts';
import { type RunningServer, serve } from '../../engine/serve.ts';
import type { OutgoingMessage } from '../../functions/commons/channels/channel-adapter.ts';
import { cohortWindowMs, windowReadyAt, windowStart } from '../../functions/commons/cohorts/cohort-window.ts';
import type { CustomerProfile } from '../../workflows/contracts/customer.ts';
import { renderMessage } from '../../workflows/messages/render.ts';
import { messageScope } from '../../workflows/messages/scope.ts';
import type { JourneyCatalog } from '../../workflows/workspace/catalog.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';
import { funnelTotal, HOUR_MS, idsFor, playUntil } from '../support/engine/engine-harness.ts';

// The acceptance of email through SES: `journeys serve` with aws-ses-v2-local, a signup that enters
// the first-purchase gift, its email with one-click unsubscribe, and what an unsubscribe changes.
const JOURNEY = 'first-purchase-gift';
const START = Date.parse('2027-06-11T02:00:00Z'); // 10:00 in Shanghai, outside quiet hours
const [leaver, stayer] = idsFor('accept', 2, { treatedIn: [JOURNEY] }) as [string, string];

let running: RunningServer;
let catalog: JourneyCatalog;
let outboxFile: string;
const url = (path: string) => `http://127.0.0.1:${running.port}${path}`;

beforeAll(async () => {
  catalog = await catalogFromWorkspace('workflows', [JOURNEY]);
  outboxFile = join(mkdtempSync(join(tmpdir(), 'journeys-accept-')), 'outbox.jsonl');
  running = await serve({ catalog, port: 0, outboxFile, email: {}, startAt: START });
}, 60_000);
afterAll(async () => {
  await running?.close();
});

async function postEvents(events: readonly object[]): Promise<{ status: string }[]> {
  const response = await fetch(url('/events'), { method: 'POST', body: JSON.stringify({ events }) });
  expect(response.status).toBe(200);
  return ((await response.json()) as { results: { status: string }[] }).results;
}

const now = () => new Date(running.engine.clock.now()).toISOString();
const stepOf = (stepId: string) => catalog.journeys.get(JOURNEY)?.steps.find((step) => step.id === stepId);
const mailTo = async (customerId: string) =>
  (await running.ses?.emails())?.filter((mail) =>
    mail.destination.to.includes(`${customerId}@example.com`),
  ) ?? [];
const header = (mail: StoredEmail | undefined, name: string) =>
  mail?.headers?.find((entry) => entry.name === name)?.value;
const delivered = (): OutgoingMessage[] =>
  readFileSync(outboxFile, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as OutgoingMessage);

/** A one-click POST as a mailbox provider sends it (RFC 8058). */
const oneClick = (link: string) =>
  fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });

/** What the catalog's template of a send step renders for the stored profile, with the link it got. */
function expectedEmail(stepId: string, profile: CustomerProfile, unsubscribeUrl: string, at: number) {
  const step = stepOf(stepId);
  if (step?.kind !== 'send') throw new Error(`${stepId} is not a send step`);
  const template = catalog.templates.get(step.template);
  if (!template) throw new Error(`no template ${step.template}`);
  const offer = step.offer ? catalog.offers.get(step.offer) : undefined;
  const journey = { id: JOURNEY, name: catalog.journeys.get(JOURNEY)?.name ?? JOURNEY };
  return renderMessage(
    template,
    messageScope({ profile, offer, grantedAt: at, journey, stepId, unsubscribeUrl }, template.attributes),
  );
}

describe('email through SES with one-click unsubscribe, on journeys serve', () => {
  let link = '';

  test('a signup gets the gift email in SES, as the catalog renders it, with both List-Unsubscribe headers', async () => {
    // Prepare
    const signup = (customerId: string) => ({
      eventId: `signup-${customerId}`,
      customerId,
      name: 'signup',
      at: now(),
      properties: {
        email: `${customerId}@example.com`,
        consent: { email: true, sms: true },
        timezone: 'Asia/Shanghai',
        attributes: { first_name: customerId === leaver ? 'Lin' : 'Wei' },
      },
    });
    expect((await postEvents([signup(leaver), signup(stayer)])).map((result) => result.status)).toEqual([
      'accepted',
      'accepted',
    ]);
    const window = cohortWindowMs(catalog.journeys.get(JOURNEY) as never);

    // Act: the hour's window closes, and the ticker starts its cohort.
    await running.engine.advanceTo(windowReadyAt(windowStart(START, window), window));
    await running.engine.tick();
    await running.engine.clock.idle();

    // Assess
    const [mail] = await mailTo(leaver);
    const composed = delivered().find(
      (message) => message.customerId === leaver && message.stepId === 'send-gift',
    );
    link = header(mail, 'List-Unsubscribe')?.replace(/^<|>$/g, '') ?? '';
    expect(new URL(link).origin).toBe(`http://127.0.0.1:${running.port}`);
    expect(header(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const profile = await running.engine.deps.stores.customers.get(leaver);
    const expected = expectedEmail('send-gift', profile as CustomerProfile, link, composed?.at ?? 0);
    expect(mail?.subject).toBe(expected.subject);
    expect(mail?.body.text).toBe(expected.text);
    expect(mail?.body.html).toBe(expected.html);
    expect(mail?.body.html).toContain(link.replaceAll('&', '&amp;'));
    expect(await mailTo(stayer)).toHaveLength(1);
  });

  test('a forged or altered token gets 403 and changes nothing', async () => {
    // Prepare
    const token = new URL(link).searchParams.get('token') ?? '';
    const [, mac] = token.split('.');
    const stayerPayload = Buffer.from(JSON.stringify([1, 'email', stayer])).toString('base64url');
    const altered = (tampered: string) => {
      const changed = new URL(link);
      changed.searchParams.set('token', tampered);
      return changed.href;
    };
    const before = await running.engine.deps.stores.customers.get(stayer);

    // Act
    const answers = await Promise.all([
      oneClick(altered(`${stayerPayload}.${mac}`)),
      oneClick(altered(`${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`)),
      fetch(altered(`${stayerPayload}.${mac}`)),
    ]);

    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([403, 403, 403]);
    expect(await running.engine.deps.stores.customers.get(stayer)).toEqual(before);
  });

  test('the one-click POST to the link in the email unsubscribes that customer from email at once', async () => {
    // Act
    const first = await oneClick(link);
    const again = await oneClick(link);

    // Assess
    expect([first.status, again.status]).toEqual([200, 200]);
    expect((await running.engine.deps.stores.customers.get(leaver))?.consent).toMatchObject({
      email: false,
      sms: true,
    });
  });

  test('after their first orders, the thank-you email goes to the customer who stayed and not to the one who left', async () => {
    // Prepare
    const purchase = (customerId: string) => ({
      eventId: `order-${customerId}`,
      customerId,
      name: 'purchase',
      at: now(),
      properties: { orderId: `o-${customerId}`, orderValue: 120 },
    });
    await postEvents([purchase(leaver), purchase(stayer)]);

    // Act: the wait for the first order checks every 6 hours.
    await playUntil(running.engine, running.engine.clock.now() + 7 * HOUR_MS);

    // Assess
    const thanks = stepOf('send-thank-you');
    const subjects = async (customerId: string) => (await mailTo(customerId)).map((mail) => mail.subject);
    const stayerProfile = (await running.engine.deps.stores.customers.get(stayer)) as CustomerProfile;
    const thankYou = expectedEmail('send-thank-you', stayerProfile, 'unused', 0).subject;
    expect(thanks?.kind === 'send' && thanks.channel).toBe('email');
    expect(await subjects(stayer)).toContain(thankYou);
    expect(await subjects(leaver)).not.toContain(thankYou);
    expect(await mailTo(leaver)).toHaveLength(1);
    expect(await funnelTotal(running.engine, JOURNEY, 'skippedConsent', { stepId: 'send-thank-you' })).toBe(
      1,
    );
    expect(await funnelTotal(running.engine, JOURNEY, 'sent', { stepId: 'send-thank-you' })).toBe(1);
  });
});
