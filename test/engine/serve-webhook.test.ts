import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RunningServer, serve } from '../../engine/serve.ts';
import { WEBHOOK_SECRET_FILE } from '../../engine/webhook-secret.ts';
import { WebhookPayload } from '../../functions/commons/channels/webhook/payload.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';
import { funnelTotal, playUntil } from '../support/engine/engine-harness.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';
import { WELCOME_JOURNEY, WELCOME_STEP, writeWebhookWorkspace } from '../support/webhook-workspace.ts';

// Webhooks are real on `journeys serve`: events posted to its HTTP API enter a journey whose
// webhook step POSTs to a real receiver on 127.0.0.1, signed with the data folder's secret.
const START = Date.parse('2027-06-11T02:00:00Z'); // 10:00 in Shanghai, outside quiet hours
const SECRET = 'whsec_serve_test_secret_0123456789abcdefgh';

let running: RunningServer;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver(SECRET);
  const root = writeWebhookWorkspace({ url: receiver.url('/hooks/welcome') });
  // The data folder's secret, as a developer gives it to their receiver.
  const dataDir = mkdtempSync(join(tmpdir(), 'journeys-serve-hooks-'));
  writeFileSync(join(dataDir, WEBHOOK_SECRET_FILE), `${SECRET}\n`, { mode: 0o600 });
  running = await serve({
    catalog: await catalogFromWorkspace(root, [WELCOME_JOURNEY]),
    port: 0,
    dataDir,
    outboxFile: join(dataDir, 'outbox.jsonl'),
    startAt: START,
  });
}, 60_000);
afterAll(async () => {
  await running?.close();
  await receiver?.close();
});

const signup = (customerId: string, consent: boolean) => ({
  eventId: `signup-${customerId}`,
  customerId,
  name: 'signup',
  at: new Date(START).toISOString(),
  properties: { consent: { webhook: consent }, timezone: 'Asia/Shanghai', attributes: { first_name: 'Lin' } },
});

describe('webhooks on journeys serve', () => {
  test('a sign-up posted to /events reaches the receiver once, signed with the data folder secret', async () => {
    // Prepare
    const posted = await fetch(`http://127.0.0.1:${running.port}/events`, {
      method: 'POST',
      body: JSON.stringify({ events: [signup('serve-lin', true), signup('serve-no', false)] }),
    });
    expect(posted.status).toBe(200);

    // Act: the sign-up hour's cohort starts and sends.
    await playUntil(running.engine, START + 2 * 3_600_000);

    // Assess
    expect(receiver.calls).toHaveLength(1);
    const [call] = receiver.calls;
    expect(call?.verification.valid).toBe(true);
    expect(call?.path).toBe('/hooks/welcome');
    const payload = WebhookPayload.parse(JSON.parse(call?.body ?? '{}'));
    expect(payload).toMatchObject({
      customerId: 'serve-lin',
      journeyId: WELCOME_JOURNEY,
      stepId: WELCOME_STEP,
      body: 'Welcome Lin: Flash Sale Pass (¥40 off orders over ¥249)',
    });
    expect(call?.headers['idempotency-key']).toBe(payload.idempotencyKey);
    const total = (metric: Parameters<typeof funnelTotal>[2]) =>
      funnelTotal(running.engine, WELCOME_JOURNEY, metric, { stepId: WELCOME_STEP });
    expect([await total('sent'), await total('delivered'), await total('skippedConsent')]).toEqual([1, 1, 1]);
  });
});
