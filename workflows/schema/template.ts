import { z } from 'zod';
import { discriminatorError, Id } from './primitives.ts';
import { WebhookUrl } from './webhook.ts';

const SchemaLink = z.string().optional().describe('Path to the JSON Schema, for editors.');

/** Liquid source; `journeys validate` parses it and checks every variable and filter it names. */
const Liquid = (what: string) =>
  z
    .string({ error: `expected the ${what} as text` })
    .min(1, { error: `expected a non-empty ${what}` })
    // A rendered message is stored (inbox, outbox) in one DynamoDB item of at most 400 KB.
    .max(MAX_SOURCE_LENGTH, { error: `expected the ${what} in at most ${MAX_SOURCE_LENGTH} characters` });

/** The longest Liquid source a template field holds. */
export const MAX_SOURCE_LENGTH = 100_000;

export const EmailTemplate = z
  .strictObject({
    $schema: SchemaLink,
    id: Id,
    channel: z.literal('email'),
    subject: Liquid('subject').describe('The subject line, in Liquid.'),
    mjml: Liquid('MJML body').describe(
      'The HTML body in MJML, with Liquid inside text and attributes. It is compiled to HTML once, when the ' +
        'workspace is validated or built. It must link {{ unsubscribe_url }}.',
    ),
    text: Liquid('text part')
      .optional()
      .describe(
        'The plain-text part, in Liquid; it must link {{ unsubscribe_url }} too. @default the text of the compiled HTML',
      ),
  })
  .describe('An email: a subject, an MJML body and a plain-text part.');
export type EmailTemplate = z.infer<typeof EmailTemplate>;

export const TitledTemplate = z
  .strictObject({
    $schema: SchemaLink,
    id: Id,
    channel: z.enum(['push', 'in_app']),
    subject: Liquid('title').optional().describe('The title shown above the text, in Liquid.'),
    body: Liquid('body').describe('The message text, in Liquid.'),
  })
  .describe('A push or in-app message: an optional title and a text.');
export type TitledTemplate = z.infer<typeof TitledTemplate>;

export const TextTemplate = z
  .strictObject({
    $schema: SchemaLink,
    id: Id,
    channel: z.literal('sms'),
    body: Liquid('body').describe('The message text, in Liquid.'),
  })
  .describe('An SMS: one text.');
export type TextTemplate = z.infer<typeof TextTemplate>;

export const WebhookTemplate = z
  .strictObject({
    $schema: SchemaLink,
    id: Id,
    channel: z.literal('webhook'),
    url: WebhookUrl.describe(
      'Where the call is POSTed: a fixed URL (not Liquid) that webhooks.allow in workspace.config.yaml ' +
        'allows. https, or plain http to localhost or 127.0.0.1 for a local receiver.',
    ),
    body: Liquid('body').describe('The text the call carries as "body" in its JSON payload, in Liquid.'),
  })
  .describe(
    'A webhook call: a signed POST of JSON (the rendered body, the customer, journey, run, step and offer) to one allowed URL.',
  );
export type WebhookTemplate = z.infer<typeof WebhookTemplate>;

export const Template = z
  .discriminatedUnion('channel', [EmailTemplate, TitledTemplate, TextTemplate, WebhookTemplate], {
    error: discriminatorError('expected channel to be one of "email", "sms", "push", "in_app", "webhook"'),
  })
  .describe('A message template for one channel, written in Liquid.');
export type Template = z.infer<typeof Template>;

/** The Liquid fields of a template, by name: what is parsed, checked and rendered. */
export function liquidFields(template: Template): { field: string; source: string }[] {
  const fields: [string, string | undefined][] =
    template.channel === 'email'
      ? [
          ['subject', template.subject],
          ['mjml', template.mjml],
          ['text', template.text],
        ]
      : template.channel === 'push' || template.channel === 'in_app'
        ? [
            ['subject', template.subject],
            ['body', template.body],
          ]
        : [['body', template.body]];
  return fields.flatMap(([field, source]) => (typeof source === 'string' ? [{ field, source }] : []));
}
