import type { ChannelAdapter } from '../functions/commons/channels/channel-adapter.ts';
import { ChannelRouter } from '../functions/commons/channels/channel-router.ts';
import { SesEmailAdapter } from '../functions/commons/channels/ses-email.ts';
import { sesSenderOf } from '../functions/commons/channels/ses-request.ts';
import type { RuntimeConfig } from '../functions/commons/runtime/config.ts';
import { localSesClient } from './local-ses.ts';

/** Email through the real SES adapter, pointed at a local SES (aws-ses-v2-local). */
export interface LocalEmail {
  /** The SES v2 endpoint, such as the one `startLocalSes` gives. */
  readonly sesEndpoint: string;
}

/** Who local emails come from, unless EMAIL_FROM_ADDRESS says otherwise. */
export const LOCAL_FROM_ADDRESS = 'Journeys <journeys@localhost.test>';

/**
 * The engine's channels: the outbox for every channel, or, given a local SES, the same router
 * Lambda uses, with email through the SES adapter and the rest to the outbox.
 */
export function localChannels(
  outbox: ChannelAdapter,
  config: RuntimeConfig,
  email?: LocalEmail,
): ChannelAdapter {
  if (!email) return outbox;
  const sender = sesSenderOf(config) ?? { fromAddress: LOCAL_FROM_ADDRESS };
  return new ChannelRouter({ email: new SesEmailAdapter(localSesClient(email.sesEndpoint), sender) }, outbox);
}
