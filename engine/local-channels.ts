import type { ChannelAdapter } from '../functions/commons/channels/channel-adapter.ts';
import { ChannelRouter } from '../functions/commons/channels/channel-router.ts';
import { InAppInboxAdapter } from '../functions/commons/channels/in-app-inbox.ts';
import { SesEmailAdapter } from '../functions/commons/channels/ses-email.ts';
import { sesSenderOf } from '../functions/commons/channels/ses-request.ts';
import { WebhookAdapter } from '../functions/commons/channels/webhook/webhook-adapter.ts';
import type { RuntimeConfig } from '../functions/commons/runtime/config.ts';
import type { InboxStore } from '../functions/commons/stores/inbox.ts';
import type { Channel } from '../workflows/schema/index.ts';
import { localSesClient } from './local-ses.ts';
import { localWebhookSecret } from './webhook-secret.ts';

/** Email through the real SES adapter, pointed at a local SES (aws-ses-v2-local). */
export interface LocalEmail {
  /** The SES v2 endpoint, such as the one `startLocalSes` gives. */
  readonly sesEndpoint: string;
}

/** Where the engine's webhooks go: signed POSTs to their receivers, or the outbox like the unreal channels. */
export type LocalWebhooks = 'receivers' | 'outbox';

export interface LocalChannelOptions {
  /** Email through the SES adapter at a local SES. @default email to the outbox */
  readonly email?: LocalEmail;
  /** @default 'receivers': the workspace's allowed URLs are called, 127.0.0.1 included */
  readonly webhooks?: LocalWebhooks;
  /** Where the webhook secret is kept when WEBHOOK_SECRET gives none. @default a secret per engine */
  readonly dataDir?: string;
}

/** Who local emails come from, unless EMAIL_FROM_ADDRESS says otherwise. */
export const LOCAL_FROM_ADDRESS = 'Journeys <journeys@localhost.test>';

/**
 * The engine's channels, through the same router Lambda uses: in_app always to the inbox (our own
 * table, as real here as in AWS), webhooks to their receivers unless kept in the outbox (the secret
 * from WEBHOOK_SECRET or the data folder), email through the SES adapter given a local SES, and
 * the rest to the outbox.
 */
export function localChannels(
  outbox: ChannelAdapter,
  config: RuntimeConfig,
  inbox: InboxStore,
  options: LocalChannelOptions = {},
): ChannelAdapter {
  const { email, webhooks = 'receivers', dataDir } = options;
  const byChannel: Partial<Record<Channel, ChannelAdapter>> = {
    in_app: new InAppInboxAdapter(inbox, config.INBOX_TTL_DAYS),
  };
  if (webhooks === 'receivers')
    byChannel.webhook = new WebhookAdapter({
      secret: localWebhookSecret(config, dataDir),
      allowPrivateTargets: config.WEBHOOK_ALLOW_PRIVATE_TARGETS ?? true,
    });
  if (email) {
    const sender = sesSenderOf(config) ?? { fromAddress: LOCAL_FROM_ADDRESS };
    byChannel.email = new SesEmailAdapter(localSesClient(email.sesEndpoint), sender);
  }
  return new ChannelRouter(byChannel, outbox);
}
