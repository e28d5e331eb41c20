import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { WebhookPayload, webhookPayload } from '../../../../../functions/commons/channels/webhook/payload.ts';
import { WebhookUnavailableError } from '../../../../../functions/commons/channels/webhook/webhook-adapter.ts';
import {
  recordingAdapter as adapter,
  webhookMessage as message,
  ADAPTER_SECRET as SECRET,
} from '../../../../support/webhook-adapter-fixture.ts';
import {
  type Answer,
  startWebhookReceiver,
  type WebhookReceiver,
} from '../../../../support/webhook-receiver.ts';

let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

async function receiving(answer?: Answer): Promise<WebhookReceiver> {
  receiver = await startWebhookReceiver(SECRET, answer);
  return receiver;
}

describe('the webhook adapter, against a real receiver on 127.0.0.1', () => {
  test('POSTs the payload as JSON, signed, with the idempotency key, and the receiver verifies it', async () => {
    // Prepare
    const hooks = await receiving();
    const sent = message(hooks.url('/hooks/welcome?source=journeys'));

    // Act
    const outcomes = await adapter().webhooks.deliver([sent]);

    // Assess
    expect(outcomes).toEqual([{ idempotencyKey: sent.idempotencyKey, status: 'accepted' }]);
    const [call] = hooks.calls;
    expect(call?.path).toBe('/hooks/welcome?source=journeys');
    expect(call?.verification.valid).toBe(true);
    expect(call?.headers['idempotency-key']).toBe(sent.idempotencyKey);
    expect(call?.headers['content-type']).toBe('application/json');
    expect(WebhookPayload.parse(JSON.parse(call?.body ?? ''))).toEqual(webhookPayload(sent));
    expect(JSON.parse(call?.body ?? '')).toEqual({
      idempotencyKey: sent.idempotencyKey,
      customerId: 'c-1',
      journeyId: 'welcome',
      runId: 'run-1',
      stepId: 'send-hook',
      template: 'welcome-webhook',
      offer: 'first-purchase-gift',
      body: sent.body,
      sentAt: '2027-06-11T02:00:00.000Z',
    });
  });

  test('a 500 is tried again after a jittered backoff, and the receiver accepts it once', async () => {
    // Prepare
    const hooks = await receiving((_call, index) => (index === 0 ? 500 : 200));
    const { webhooks, waits } = adapter();

    // Act
    const outcomes = await webhooks.deliver([message(hooks.url('/hooks'))]);

    // Assess
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['accepted']);
    expect(hooks.calls.map((call) => call.answered)).toEqual([500, 200]);
    expect(new Set(hooks.calls.map((call) => call.headers['idempotency-key'])).size).toBe(1);
    expect(hooks.acceptedCalls()).toHaveLength(1);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeLessThan(250);
  });

  test.each([408, 429, 502, 503])('a %i is retryable', async (status) => {
    const hooks = await receiving((_call, index) => (index === 0 ? status : 204));
    expect((await adapter().webhooks.deliver([message(hooks.url('/hooks'))]))[0]?.status).toBe('accepted');
    expect(hooks.calls).toHaveLength(2);
  });

  test('a 400 is permanent: not tried again, and rejected with the status', async () => {
    // Prepare
    const hooks = await receiving(() => 400);
    const { webhooks, waits, warnings } = adapter();

    // Act
    const outcomes = await webhooks.deliver([message(hooks.url('/hooks'))]);

    // Assess
    expect(outcomes).toEqual([
      { idempotencyKey: 'run-1#send-hook#c-1', status: 'rejected', reason: 'answered 400' },
    ]);
    expect(hooks.calls).toHaveLength(1);
    expect(waits).toEqual([]);
    expect(warnings).toEqual([
      [
        'webhook rejected',
        {
          reason: 'answered 400',
          journeyId: 'welcome',
          stepId: 'send-hook',
          host: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
        },
      ],
    ]);
  });

  test('a redirect is not followed: the 302 is a rejection and its Location is never called', async () => {
    const hooks = await receiving((call) => (call.path === '/hooks' ? 302 : 200));
    const outcomes = await adapter().webhooks.deliver([message(hooks.url('/hooks'))]);
    expect(outcomes[0]).toMatchObject({
      status: 'rejected',
      reason: 'answered 302, a redirect, which is not followed',
    });
    expect(hooks.calls.map((call) => call.path)).toEqual(['/hooks']);
  });

  test('a receiver that does not answer within the timeout is tried again', async () => {
    // Prepare: the first call hangs past the (shortened) timeout.
    const hooks = await receiving((_call, index) => (index === 0 ? 'hang' : 200));
    const { webhooks, waits } = adapter({ timeoutMs: 200 });

    // Act
    const outcomes = await webhooks.deliver([message(hooks.url('/hooks'))]);

    // Assess
    expect(outcomes[0]?.status).toBe('accepted');
    expect(hooks.calls.map((call) => call.answered)).toEqual(['hang', 200]);
    expect(waits).toHaveLength(1);
  });

  test('a receiver still failing after its tries throws for the batch, naming the host but never the body or path', async () => {
    // Prepare
    const hooks = await receiving(() => 503);
    const { webhooks } = adapter();
    const sent = message(hooks.url('/hooks/token-in-path'));

    // Act
    const failure = await webhooks.deliver([sent]).catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(WebhookUnavailableError);
    expect((failure as Error).message).toMatch(
      /^the webhook to 127\.0\.0\.1:\d+ still failed after 3 tries \(answered 503\)$/,
    );
    expect(hooks.calls).toHaveLength(3);
  });

  test('a refused connection is a network error: retried, then thrown', async () => {
    // Prepare: a port that was just free.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const { webhooks, waits } = adapter();

    // Act
    const failure = await webhooks
      .deliver([message(`http://127.0.0.1:${port}/hooks`)])
      .catch((error) => error);

    // Assess
    expect((failure as Error).message).toContain('(ECONNREFUSED)');
    expect(waits).toHaveLength(2);
  });

  test('a batch retried on the same adapter calls the receiver only for what it had not accepted', async () => {
    // Prepare: the second customer's first call fails, and with one try allowed the batch throws.
    const forC2 = (body: string) => body.includes('"customerId":"c-2"');
    const hooks = await receiving((call) =>
      forC2(call.body) && !hooks.calls.some((earlier) => forC2(earlier.body)) ? 503 : 200,
    );
    const { webhooks } = adapter({ backoff: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    const batch = ['c-1', 'c-2'].map((customerId) =>
      message(hooks.url('/hooks'), { customerId, idempotencyKey: `run-1#send-hook#${customerId}` }),
    );
    await expect(webhooks.deliver(batch)).rejects.toThrow(WebhookUnavailableError);

    // Act
    const outcomes = await webhooks.deliver(batch);

    // Assess: c-1 was accepted the first time and not called again.
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['accepted', 'accepted']);
    expect(
      hooks
        .acceptedCalls()
        .map((call) => JSON.parse(call.body).customerId)
        .sort(),
    ).toEqual(['c-1', 'c-2']);
  });

  test('neither the body nor the secret ever reaches the log', async () => {
    const hooks = await receiving(() => 422);
    const { webhooks, warnings } = adapter();
    await webhooks.deliver([message(hooks.url('/hooks'))]);
    const logged = JSON.stringify(warnings);
    expect(logged).toContain('answered 422');
    expect(logged).not.toContain('GIFT-SECRET-42');
    expect(logged).not.toContain(SECRET);
  });

  test('a message without a url is rejected without a call', async () => {
    const outcomes = await adapter().webhooks.deliver([message('', { url: undefined })]);
    expect(outcomes[0]).toMatchObject({ status: 'rejected', reason: 'the webhook message has no url' });
  });
});
