import { afterEach, describe, expect, test } from 'vitest';
import {
  ADAPTER_SECRET,
  recordingAdapter as adapter,
  webhookMessage as message,
} from '../../../../support/webhook-adapter-fixture.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../../../support/webhook-receiver.ts';

let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

async function receiving(): Promise<WebhookReceiver> {
  receiver = await startWebhookReceiver(ADAPTER_SECRET);
  return receiver;
}

describe('the webhook adapter as configured in AWS (private targets refused)', () => {
  test('a target that resolves to 127.0.0.1 is refused before any connection', async () => {
    // Prepare: https to localhost, which DNS (the hosts file) resolves to loopback.
    const hooks = await receiving();
    const port = new URL(hooks.url('/')).port;
    const { webhooks } = adapter({ allowPrivateTargets: false });

    // Act
    const outcomes = await webhooks.deliver([
      message(`https://localhost:${port}/hooks`, { idempotencyKey: 'k-name' }),
      message(hooks.url('/hooks'), { idempotencyKey: 'k-literal' }),
    ]);

    // Assess
    expect(outcomes).toEqual([
      {
        idempotencyKey: 'k-name',
        status: 'rejected',
        reason: expect.stringMatching(
          /^target refused: localhost resolves to (127\.0\.0\.1|::1), which is not a public address$/,
        ),
      },
      {
        idempotencyKey: 'k-literal',
        status: 'rejected',
        reason: 'target refused: 127.0.0.1 resolves to 127.0.0.1, which is not a public address',
      },
    ]);
    expect(hooks.calls).toEqual([]);
  });

  test('a public name whose DNS answers include a private address is refused (every address is checked)', async () => {
    const { webhooks } = adapter({
      allowPrivateTargets: false,
      resolve: async () => [
        { address: '93.184.215.14', family: 4 },
        { address: '10.0.0.5', family: 4 },
      ],
    });
    const outcomes = await webhooks.deliver([message('https://hooks.example.com/journeys')]);
    expect(outcomes[0]).toMatchObject({
      status: 'rejected',
      reason: 'target refused: hooks.example.com resolves to 10.0.0.5, which is not a public address',
    });
  });

  test('plain http is refused even to a public address', async () => {
    const { webhooks } = adapter({
      allowPrivateTargets: false,
      resolve: async () => [{ address: '93.184.215.14', family: 4 }],
    });
    const outcomes = await webhooks.deliver([message('http://hooks.example.com/journeys')]);
    expect(outcomes[0]).toMatchObject({
      status: 'rejected',
      reason: 'target refused: webhooks go over https only',
    });
  });
});
