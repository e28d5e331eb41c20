import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const WELCOME_JOURNEY = 'webhook-welcome';
export const FOLLOW_UP_JOURNEY = 'webhook-follow-up';
export const WELCOME_STEP = 'send-welcome-hook';

export interface WebhookWorkspaceOptions {
  /** The url of the webhook template. */
  readonly url: string;
  /** The allowlist of workspace.config.yaml; null writes no config file. @default [url] */
  readonly allow?: readonly string[] | null;
}

/**
 * A workspace in a temp folder: two signup journeys, each with one webhook step presenting the
 * flash-sale pass, their templates at `url`, and the allowlist. Returns its root.
 */
export function writeWebhookWorkspace(options: WebhookWorkspaceOptions): string {
  const root = mkdtempSync(join(tmpdir(), 'journeys-webhook-'));
  for (const folder of ['journeys', 'templates', 'offers']) mkdirSync(join(root, folder));
  copyFileSync(
    'workflows/offers/flash-sale-pass.offer.yaml',
    join(root, 'offers/flash-sale-pass.offer.yaml'),
  );
  const journey = (id: string, step: string, template: string) =>
    [
      `id: ${id}`,
      `name: ${id}`,
      'description: Calls the CRM webhook when a customer signs up.',
      'version: 1',
      'trigger: { kind: event, event: signup }',
      'steps:',
      `  - id: ${step}`,
      '    kind: send',
      '    channel: webhook',
      `    template: ${template}`,
      '    offer: flash-sale-pass',
      '  - id: done',
      '    kind: exit',
      '',
    ].join('\n');
  const template = (id: string) =>
    [
      `id: ${id}`,
      'channel: webhook',
      `url: ${options.url}`,
      'body: >-',
      '  Welcome {{ customer.first_name | default: "friend" }}: {{ offer.name }}',
      '',
    ].join('\n');
  writeFileSync(
    join(root, `journeys/${WELCOME_JOURNEY}.journey.yaml`),
    journey(WELCOME_JOURNEY, WELCOME_STEP, 'welcome-webhook'),
  );
  writeFileSync(
    join(root, `journeys/${FOLLOW_UP_JOURNEY}.journey.yaml`),
    journey(FOLLOW_UP_JOURNEY, 'send-follow-up-hook', 'follow-up-webhook'),
  );
  writeFileSync(join(root, 'templates/welcome-webhook.template.yaml'), template('welcome-webhook'));
  writeFileSync(join(root, 'templates/follow-up-webhook.template.yaml'), template('follow-up-webhook'));
  const allow = options.allow === undefined ? [options.url] : options.allow;
  if (allow !== null)
    writeFileSync(
      join(root, 'workspace.config.yaml'),
      ['webhooks:', '  allow:', ...allow.map((entry) => `    - ${entry}`), ''].join('\n'),
    );
  return root;
}
