import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runSimulation } from '../../simulation/simulate.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';
import { journeys } from '../support/cli.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';
import { WELCOME_JOURNEY, writeWebhookWorkspace } from '../support/webhook-workspace.ts';

const CUSTOMERS = ['hook-a', 'hook-b', 'hook-c'];

/** Recorded signups that consent to webhooks, one JSON event a line. */
function signupLog(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'journeys-sim-hooks-')), 'events.jsonl');
  const lines = CUSTOMERS.map((customerId, index) =>
    JSON.stringify({
      eventId: `signup-${customerId}`,
      customerId,
      name: 'signup',
      at: `2027-06-11T02:0${index}:00Z`,
      properties: { consent: { webhook: true }, timezone: 'Asia/Shanghai' },
    }),
  );
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

let receiver: WebhookReceiver;
let workspace: string;
beforeAll(async () => {
  receiver = await startWebhookReceiver('whsec_simulation_test_secret_0123456789');
  workspace = writeWebhookWorkspace({ url: receiver.url('/hooks/welcome') });
});
afterAll(async () => {
  await receiver?.close();
});

const simulate = async (deliverWebhooks?: boolean) =>
  runSimulation({
    catalog: await catalogFromWorkspace(workspace, [WELCOME_JOURNEY]),
    customers: 5,
    days: 1,
    seed: 3,
    startAt: Date.parse('2027-06-10T16:00:00Z'),
    eventsFile: signupLog(),
    ...(deliverWebhooks === undefined ? {} : { deliverWebhooks }),
  });

describe('webhooks in a simulation', () => {
  test('stay in the outbox by default: the simulation counts them and calls no receiver', async () => {
    // Prepare
    const before = receiver.calls.length;

    // Act
    const result = await simulate();

    // Assess
    expect(result.failedExecutions).toBe(0);
    expect(result.messages).toBe(CUSTOMERS.length);
    expect(receiver.calls.length).toBe(before);
  });

  test('are POSTed to the receivers their templates name when the run asks for it', async () => {
    // Prepare
    const before = receiver.calls.length;

    // Act
    const result = await simulate(true);

    // Assess
    expect(result.failedExecutions).toBe(0);
    expect(receiver.calls.length - before).toBe(CUSTOMERS.length);
    expect(receiver.calls.slice(before).map((call) => call.path)).toEqual(
      CUSTOMERS.map(() => '/hooks/welcome'),
    );
  });
});

describe('journeys simulate --deliver', () => {
  const simulateCli = (...args: string[]) =>
    journeys(
      'simulate',
      ...['-w', workspace, '-j', WELCOME_JOURNEY, '--events', signupLog(), '--customers', '5', '--days', '1'],
      ...['--report', join(mkdtempSync(join(tmpdir(), 'journeys-sim-report-')), 'report.json')],
      ...args,
    );

  test('without webhook, calls no receiver', async () => {
    // Prepare
    const before = receiver.calls.length;

    // Act
    const result = await simulateCli();

    // Assess
    expect(result.code).toBe(0);
    expect(receiver.calls.length).toBe(before);
  }, 60_000);

  test('webhook POSTs each webhook to its receiver, and says so', async () => {
    // Prepare
    const before = receiver.calls.length;

    // Act
    const result = await simulateCli('--deliver', 'webhook');

    // Assess
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Webhooks are POSTed to the receivers their templates name');
    expect(receiver.calls.length - before).toBe(CUSTOMERS.length);
  }, 60_000);

  test('refuses a channel it cannot deliver for real, naming the ones it can', async () => {
    // Act
    const result = await journeys('simulate', '--deliver', 'sms');

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '--deliver: expected "outbox", or the channels to deliver for real: "email", "webhook" or "email,webhook"',
    );
  });
});
