import { readFileSync } from 'node:fs';
import { SESv2Client, SESv2ServiceException, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, test } from 'vitest';
import type { OutgoingMessage } from '../../../../functions/commons/channels/channel-adapter.ts';
import { SesEmailAdapter } from '../../../../functions/commons/channels/ses-email.ts';

// aws-ses-v2-local never throttles nor rejects a well-formed message: these answers are mocked at the SDK edge.
const ses = mockClient(SESv2Client);
afterEach(() => ses.reset());

const cases = JSON.parse(
  readFileSync(new URL('../../../fixtures/channels/ses-errors.json', import.meta.url), 'utf8'),
) as { error: string; answer: 'retried' | 'rejected' | 'thrown' }[];

const sesError = (name: string) =>
  new SESv2ServiceException({ name, $fault: 'client', $metadata: {}, message: `SES said ${name}` });

const email = (customerId: string): OutgoingMessage => ({
  idempotencyKey: `run-1/send-gift/${customerId}`,
  channel: 'email',
  customerId,
  journeyId: 'first-purchase-gift',
  runId: 'run-1',
  stepId: 'send-gift',
  template: 'first-purchase-gift-email',
  to: `${customerId}@example.com`,
  subject: 'Welcome',
  body: 'Hi',
  unsubscribeUrl: 'http://127.0.0.1/unsubscribe?token=t',
  at: 0,
});

const backoff = { attempts: 3, baseDelayMs: 100, maxDelayMs: 150 };

function adapter(options: { concurrency?: number; warnings?: unknown[] } = {}) {
  const waits: number[] = [];
  const created = new SesEmailAdapter(new SESv2Client({ region: 'us-east-1' }), {
    fromAddress: 'news@shop.example',
    backoff,
    concurrency: options.concurrency,
    wait: async (ms) => {
      waits.push(ms);
    },
    logger: { warn: (message, attributes) => options.warnings?.push({ message, ...attributes }) },
  });
  return { adapter: created, waits };
}

describe('the SES email adapter on SES errors', () => {
  test.each(cases)('$error is $answer', async ({ error, answer }) => {
    // Prepare
    ses.on(SendEmailCommand).rejects(sesError(error));
    const { adapter: sesAdapter } = adapter();

    // Act
    const delivered = sesAdapter.deliver([email('c-1')]);

    // Assess
    if (answer === 'rejected') {
      expect(await delivered).toEqual([
        { idempotencyKey: 'run-1/send-gift/c-1', status: 'rejected', reason: error },
      ]);
      expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    } else {
      await expect(delivered).rejects.toMatchObject({ name: error });
      expect(ses.commandCalls(SendEmailCommand)).toHaveLength(answer === 'retried' ? backoff.attempts : 1);
    }
  });

  test('a throttled message that gets through on a later try is accepted, after waits within the backoff', async () => {
    // Prepare
    ses
      .on(SendEmailCommand)
      .rejectsOnce(sesError('TooManyRequestsException'))
      .rejectsOnce(sesError('TooManyRequestsException'))
      .resolves({ MessageId: 'm-1' });
    const { adapter: sesAdapter, waits } = adapter();

    // Act
    const outcomes = await sesAdapter.deliver([email('c-1')]);

    // Assess
    expect(outcomes).toEqual([
      { idempotencyKey: 'run-1/send-gift/c-1', status: 'accepted', providerMessageId: 'm-1' },
    ]);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeLessThan(backoff.baseDelayMs);
    expect(waits[1]).toBeLessThan(backoff.maxDelayMs);
  });

  test('when one message runs out of tries, no further message is sent and the batch throws', async () => {
    // Prepare
    ses.on(SendEmailCommand).callsFake(async (input: { Destination?: { ToAddresses?: string[] } }) => {
      if (input.Destination?.ToAddresses?.[0] === 'c-1@example.com')
        throw sesError('TooManyRequestsException');
      return { MessageId: 'ok' };
    });
    const { adapter: sesAdapter } = adapter({ concurrency: 1 });

    // Act
    const delivered = sesAdapter.deliver([email('c-0'), email('c-1'), email('c-2')]);

    // Assess
    await expect(delivered).rejects.toMatchObject({ name: 'TooManyRequestsException' });
    const addressed = ses
      .commandCalls(SendEmailCommand)
      .map((call) => call.args[0].input.Destination?.ToAddresses);
    expect(addressed).toEqual([['c-0@example.com'], ...Array(backoff.attempts).fill(['c-1@example.com'])]);
  });

  test('a rejection is logged with its reason and step, and without the address', async () => {
    // Prepare
    ses.on(SendEmailCommand).rejects(sesError('MessageRejected'));
    const warnings: unknown[] = [];
    const { adapter: sesAdapter } = adapter({ warnings });

    // Act
    await sesAdapter.deliver([email('c-1')]);

    // Assess
    expect(warnings).toEqual([
      {
        message: 'email rejected',
        reason: 'MessageRejected',
        journeyId: 'first-purchase-gift',
        stepId: 'send-gift',
      },
    ]);
    expect(JSON.stringify(warnings)).not.toContain('@example.com');
  });
});
