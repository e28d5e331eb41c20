import type { SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type LocalSes, localSesClient, startLocalSes } from '../../../../engine/local-ses.ts';
import type { OutgoingMessage } from '../../../../functions/commons/channels/channel-adapter.ts';
import { idempotencyKeyOfTags } from '../../../../functions/commons/channels/message-tag.ts';
import { SesEmailAdapter } from '../../../../functions/commons/channels/ses-email.ts';

let ses: LocalSes;
beforeAll(async () => {
  ses = await startLocalSes();
});
afterAll(async () => {
  await ses?.stop();
});

/** The real client, with a middleware that keeps every SendEmail input as the SDK is about to send it. */
function recordingClient() {
  const client = localSesClient(ses.endpoint);
  const inputs: SendEmailCommandInput[] = [];
  client.middlewareStack.add(
    (next) => async (args) => {
      inputs.push(args.input as SendEmailCommandInput);
      return next(args);
    },
    { step: 'initialize', name: 'recordSendEmailInput' },
  );
  return { client, inputs };
}

function email(customerId: string, fields: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    idempotencyKey: `run-1/send-gift/${customerId}`,
    channel: 'email',
    customerId,
    journeyId: 'first-purchase-gift',
    runId: 'run-1',
    stepId: 'send-gift',
    template: 'first-purchase-gift-email',
    to: `${customerId}@example.com`,
    subject: `Welcome, ${customerId}! ¥20 off`,
    body: `Hi ${customerId}, your gift is waiting.`,
    html: `<p>Hi ${customerId}, your gift is waiting.</p>`,
    unsubscribeUrl: `http://127.0.0.1:8787/unsubscribe?token=token-of-${customerId}`,
    at: Date.parse('2027-06-11T02:00:00Z'),
    ...fields,
  };
}

const sender = { fromAddress: 'Shop <news@shop.example>', configurationSet: 'journeys-test' };

describe('the SES email adapter against aws-ses-v2-local', () => {
  test('sends each message with its subject, both parts and both one-click unsubscribe headers', async () => {
    // Prepare
    const { client } = recordingClient();
    const adapter = new SesEmailAdapter(client, sender);
    const messages = [email('ses-a'), email('ses-b')];

    // Act
    const outcomes = await adapter.deliver(messages);

    // Assess
    expect(outcomes.map((outcome) => [outcome.idempotencyKey, outcome.status])).toEqual(
      messages.map((message) => [message.idempotencyKey, 'accepted']),
    );
    const stored = await ses.emails();
    for (const [index, message] of messages.entries()) {
      const received = stored.find((mail) => mail.destination.to.includes(message.to ?? ''));
      expect(received).toMatchObject({
        from: sender.fromAddress,
        subject: message.subject,
        body: { text: message.body, html: message.html },
      });
      expect(received?.headers).toEqual(
        expect.arrayContaining([
          { name: 'List-Unsubscribe', value: `<${message.unsubscribeUrl}>` },
          { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
        ]),
      );
      const outcome = outcomes[index];
      expect(outcome?.status === 'accepted' && outcome.providerMessageId).toBe(received?.messageId);
    }
  });

  test('sends with the configuration set and tags that give back the idempotency key, journey and step', async () => {
    // Prepare
    const { client, inputs } = recordingClient();
    const adapter = new SesEmailAdapter(client, {
      ...sender,
      fromIdentityArn: 'arn:aws:ses:us-east-1:111122223333:identity/shop.example',
    });
    const message = email('ses-tags');

    // Act
    await adapter.deliver([message]);

    // Assess
    expect(inputs).toHaveLength(1);
    const input = inputs[0];
    expect(input).toMatchObject({
      ConfigurationSetName: 'journeys-test',
      FromEmailAddressIdentityArn: 'arn:aws:ses:us-east-1:111122223333:identity/shop.example',
      Destination: { ToAddresses: [message.to] },
    });
    const tags = Object.fromEntries((input?.EmailTags ?? []).map((tag) => [tag.Name, [tag.Value ?? '']]));
    expect(idempotencyKeyOfTags(tags)).toBe(message.idempotencyKey);
    expect(tags.journey).toEqual(['first-purchase-gift']);
    expect(tags.step).toEqual(['send-gift']);
  });

  test('rejects, without calling SES, an email with no address, no subject or no unsubscribe link', async () => {
    // Prepare
    const { client, inputs } = recordingClient();
    const adapter = new SesEmailAdapter(client, sender);
    const messages = [
      email('ses-no-to', { to: undefined }),
      email('ses-no-subject', { subject: undefined }),
      email('ses-no-link', { unsubscribeUrl: undefined }),
    ];

    // Act
    const outcomes = await adapter.deliver(messages);

    // Assess
    expect(outcomes.map((outcome) => outcome.status === 'rejected' && outcome.reason)).toEqual([
      'the message has no email address',
      'the email has no subject',
      'the email has no unsubscribe link',
    ]);
    expect(inputs).toEqual([]);
  });

  test('a batch delivered again in the same container sends nothing twice', async () => {
    // Prepare
    const { client, inputs } = recordingClient();
    const adapter = new SesEmailAdapter(client, sender);
    const message = email('ses-again');

    // Act
    const first = await adapter.deliver([message]);
    const again = await adapter.deliver([message]);

    // Assess
    expect(again).toEqual(first);
    expect(inputs).toHaveLength(1);
    expect(
      (await ses.emails()).filter((mail) => mail.destination.to.includes(message.to ?? '')),
    ).toHaveLength(1);
  });
});
