import type { SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import type { RuntimeConfig } from '../runtime/config.ts';
import type { OutgoingMessage } from './channel-adapter.ts';
import { messageTags } from './message-tag.ts';

/** Who the emails come from and what SES sends them with. */
export interface SesSender {
  /** A verified address, such as "Shop <news@shop.example>". */
  readonly fromAddress: string;
  /** The identity that authorizes the address, when it is another account's. */
  readonly fromIdentityArn?: string;
  /** The configuration set whose event destinations publish delivery, bounce, complaint, open and click. */
  readonly configurationSet?: string;
}

/** The sender the configuration names, or undefined where email has no sender (it then goes to the outbox). */
export function sesSenderOf(
  config: Pick<RuntimeConfig, 'EMAIL_FROM_ADDRESS' | 'EMAIL_FROM_IDENTITY_ARN' | 'SES_CONFIGURATION_SET'>,
): SesSender | undefined {
  if (!config.EMAIL_FROM_ADDRESS) return undefined;
  return {
    fromAddress: config.EMAIL_FROM_ADDRESS,
    ...(config.EMAIL_FROM_IDENTITY_ARN ? { fromIdentityArn: config.EMAIL_FROM_IDENTITY_ARN } : {}),
    ...(config.SES_CONFIGURATION_SET ? { configurationSet: config.SES_CONFIGURATION_SET } : {}),
  };
}

const utf8 = (data: string) => ({ Data: data, Charset: 'UTF-8' });

/**
 * The SendEmail request of one message: simple content (subject, text and HTML parts), the
 * RFC 8058 one-click unsubscribe headers, and tags naming the journey, step and idempotency key.
 * A message SES must not get is answered with why instead: no address, no subject, no link.
 */
export function sendEmailRequest(
  message: OutgoingMessage,
  sender: SesSender,
): { input: SendEmailCommandInput } | { problem: string } {
  if (message.channel !== 'email') return { problem: `a ${message.channel} message is not an email` };
  if (!message.to) return { problem: 'the message has no email address' };
  if (!message.subject) return { problem: 'the email has no subject' };
  // Mailbox providers require one-click unsubscribe of bulk senders; never send without it.
  if (!message.unsubscribeUrl) return { problem: 'the email has no unsubscribe link' };
  return {
    input: {
      FromEmailAddress: sender.fromAddress,
      ...(sender.fromIdentityArn ? { FromEmailAddressIdentityArn: sender.fromIdentityArn } : {}),
      Destination: { ToAddresses: [message.to] },
      Content: {
        Simple: {
          Subject: utf8(message.subject),
          Body: {
            Text: utf8(message.body),
            ...(message.html !== undefined ? { Html: utf8(message.html) } : {}),
          },
          Headers: [
            { Name: 'List-Unsubscribe', Value: `<${message.unsubscribeUrl}>` },
            { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
          ],
        },
      },
      ...(sender.configurationSet ? { ConfigurationSetName: sender.configurationSet } : {}),
      EmailTags: messageTags(message).map((tag) => ({ ...tag })),
    },
  };
}
