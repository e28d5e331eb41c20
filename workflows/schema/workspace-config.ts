import { z } from 'zod';
import { SegmentSettings } from './segment-settings.ts';
import { WebhookUrl } from './webhook.ts';

export const WebhookSettings = z
  .strictObject({
    allow: z
      .array(WebhookUrl, {
        error: 'expected a list of URLs, such as ["https://hooks.example.com/journeys/"]',
      })
      .min(1, { error: 'expected at least one URL; leave webhooks out to allow none' })
      .describe(
        'The URLs webhook templates may call. An entry ending in "/" allows every URL under it ' +
          '("https://hooks.example.com/journeys/" allows ".../journeys/welcome"); any other entry allows that URL alone.',
      ),
  })
  .describe('Where webhook templates may send.');
export type WebhookSettings = z.infer<typeof WebhookSettings>;

export const WorkspaceConfig = z
  .strictObject({
    $schema: z.string().optional().describe('Path to the JSON Schema, for editors.'),
    webhooks: WebhookSettings.optional().describe(
      'The webhook allowlist: `journeys validate` refuses a webhook template whose url it does not allow. ' +
        '@default no webhook URL is allowed',
    ),
    segment: SegmentSettings.optional().describe(
      "The mapping of Segment calls onto events (docs/data-in.md). @default Segment's e-commerce names, " +
        'other track events as custom events',
    ),
  })
  .describe(
    'Settings of the workspace as a whole: the file workspace.config.yaml at its root, beside journeys/ and templates/.',
  );
export type WorkspaceConfig = z.infer<typeof WorkspaceConfig>;
