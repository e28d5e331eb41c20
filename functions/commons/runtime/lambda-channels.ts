import type { Logger } from '@aws-lambda-powertools/logger';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import type { Channel } from '../../../workflows/schema/index.ts';
import type { ChannelAdapter } from '../channels/channel-adapter.ts';
import { ChannelRouter } from '../channels/channel-router.ts';
import { InAppInboxAdapter } from '../channels/in-app-inbox.ts';
import { DynamoOutbox } from '../channels/outbox.ts';
import {
  type DeviceRegistrar,
  pushApplicationsOf,
  SnsDeviceRegistrar,
} from '../channels/push/device-registrar.ts';
import { SnsPushAdapter } from '../channels/push/sns-push.ts';
import { SesEmailAdapter } from '../channels/ses-email.ts';
import { sesSenderOf } from '../channels/ses-request.ts';
import { SmsAdapter } from '../channels/sms/sms-adapter.ts';
import { smsSenderOf } from '../channels/sms/sms-request.ts';
import { secretsManagerWebhookSecret } from '../channels/webhook/secret.ts';
import { WebhookAdapter } from '../channels/webhook/webhook-adapter.ts';
import type { DocumentClient } from '../dynamo/document-client.ts';
import { DynamoInboxStore } from '../stores/inbox.ts';
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
  // The inbox is our own state table: always real, nothing to configure.
  byChannel.in_app = new InAppInboxAdapter(
    new DynamoInboxStore(client, config.STATE_TABLE),
    config.INBOX_TTL_DAYS,
  );
  const sender = sesSenderOf(config);
  if (sender) byChannel.email = new SesEmailAdapter(new SESv2Client({}), { ...sender, logger });
  const smsSender = smsSenderOf(config);
  if (smsSender) byChannel.sms = new SmsAdapter(new PinpointSMSVoiceV2Client({}), { ...smsSender, logger });
  // Push publishes to each device's endpoint, which exists only where a platform application does.
  if (pushApplicationsOf(config)) byChannel.push = new SnsPushAdapter(new SNSClient({}), { logger });
  if (config.WEBHOOK_SECRET_ARN)
    byChannel.webhook = new WebhookAdapter({
      secret: secretsManagerWebhookSecret(config.WEBHOOK_SECRET_ARN),
      // In AWS a target on a private address could reach the account's own network: refused unless said.
      allowPrivateTargets: config.WEBHOOK_ALLOW_PRIVATE_TARGETS ?? false,
      logger,
    });
  return Object.keys(byChannel).length > 0 ? new ChannelRouter(byChannel, outbox) : outbox;
}

/** The push devices' endpoint keeper of a function in Lambda, where the stage has a platform application. */
export function lambdaDeviceRegistrar(config: RuntimeConfig): DeviceRegistrar | undefined {
  const applications = pushApplicationsOf(config);
  return applications ? new SnsDeviceRegistrar(new SNSClient({}), applications) : undefined;
}
