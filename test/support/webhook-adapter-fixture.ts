import type { OutgoingMessage } from '../../functions/commons/channels/channel-adapter.ts';
import { fixedWebhookSecret } from '../../functions/commons/channels/webhook/secret.ts';
import {
  WebhookAdapter,
  type WebhookOptions,
} from '../../functions/commons/channels/webhook/webhook-adapter.ts';

/** The secret the adapter tests sign with and their receivers verify with. */
export const ADAPTER_SECRET = 'whsec_adapter_test_secret_0123456789abcd';

/** A webhook message to `url`, whose body holds a code that must never reach a log. */
export function webhookMessage(url: string, fields: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    idempotencyKey: 'run-1#send-hook#c-1',
    channel: 'webhook',
    customerId: 'c-1',
    journeyId: 'welcome',
    runId: 'run-1',
    stepId: 'send-hook',
    template: 'welcome-webhook',
    offer: 'first-purchase-gift',
    body: 'Welcome, Ana: your gift code is GIFT-SECRET-42',
    url,
    at: Date.parse('2027-06-11T02:00:00Z'),
    ...fields,
  };
}

/** An adapter (private targets allowed unless told) whose waits between tries are recorded instead of slept. */
export function recordingAdapter(options: Partial<WebhookOptions> = {}) {
  const waits: number[] = [];
  const warnings: unknown[] = [];
  const webhooks = new WebhookAdapter({
    secret: fixedWebhookSecret(ADAPTER_SECRET),
    allowPrivateTargets: true,
    wait: async (ms) => {
      waits.push(ms);
    },
    logger: { warn: (...args) => warnings.push(args) },
    ...options,
  });
  return { webhooks, waits, warnings };
}
