import type { Logger } from '@aws-lambda-powertools/logger';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { Channel } from '../../../workflows/schema/index.ts';
import type { ChannelAdapter } from '../channels/channel-adapter.ts';
import { ChannelRouter } from '../channels/channel-router.ts';
import { DynamoOutbox } from '../channels/outbox.ts';
import { SesEmailAdapter } from '../channels/ses-email.ts';
import { sesSenderOf } from '../channels/ses-request.ts';
import type { DocumentClient } from '../dynamo/document-client.ts';
import type { RuntimeConfig } from './config.ts';

/**
 * The channels of a function in Lambda: each channel through its provider's adapter where the
 * stage configures one, any other to the outbox table (so a stage without a provider loses nothing).
 */
export function lambdaChannels(
  config: RuntimeConfig,
  client: DocumentClient,
  logger: Logger,
): ChannelAdapter {
  if (!config.OUTBOX_TABLE)
    throw new Error('OUTBOX_TABLE is required: unconfigured channels go to the outbox');
  const outbox = new DynamoOutbox(client, config.OUTBOX_TABLE);
  const byChannel: Partial<Record<Channel, ChannelAdapter>> = {};
  const sender = sesSenderOf(config);
  if (sender) byChannel.email = new SesEmailAdapter(new SESv2Client({}), { ...sender, logger });
  return Object.keys(byChannel).length > 0 ? new ChannelRouter(byChannel, outbox) : outbox;
}
