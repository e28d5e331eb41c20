import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Device } from '../../../../workflows/contracts/device-events.ts';
import type { PushMessageStore } from '../../stores/push-messages.ts';
import type {
  ChannelAdapter,
  DeliveryContext,
  DeliveryOutcome,
  OutgoingMessage,
} from '../channel-adapter.ts';
import { type ProviderCallOptions, ProviderCalls } from '../provider-calls.ts';
import { platformKeyOf, publishRequest } from './push-payload.ts';

const errorName = (error: unknown) => String((error as { name?: unknown })?.name);
const errorText = (error: unknown) => String((error as { message?: unknown })?.message ?? '');

/** SNS's answers that say "slow down": worth another try after a wait. */
const THROTTLING = new Set(['ThrottledException', 'Throttling', 'KMSThrottlingException']);
export const isThrottled = (error: unknown) => THROTTLING.has(errorName(error));

/**
 * The device is gone: its endpoint is disabled (the platform rejected its token, or the app is
 * uninstalled), or no longer exists (SNS answers InvalidParameter on the TargetArn).
 */
function isGone(error: unknown): boolean {
  const name = errorName(error);
  if (name === 'EndpointDisabledException' || name === 'NotFoundException') return true;
  return name === 'InvalidParameterException' && /TargetArn/i.test(errorText(error));
}

/** Answers no retry changes, about the message or the app rather than the device: the message is rejected. */
const REFUSED = new Set([
  'InvalidParameterException',
  'InvalidParameterValueException',
  'PlatformApplicationDisabledException',
  'ValidationException',
]);

/** What one Publish to one device came to. */
type Target =
  | { readonly status: 'published'; readonly messageId?: string }
  | { readonly status: 'gone' | 'refused'; readonly reason: string };

export type SnsPushOptions = ProviderCallOptions;

/**
 * Push through Amazon SNS mobile push: one Publish per device of the message, to its platform
 * endpoint, with the platform's payload. The message is accepted when any device took it; the
 * devices SNS reports disabled or gone come back in `goneDevices`. A throttled publish is retried
 * with backoff; when its tries run out the batch throws, for the caller to retry.
 */
export class SnsPushAdapter implements ChannelAdapter {
  // Every answer is remembered in the container, gone and refused too: a retried batch asks no
  // device twice. A publish SNS took is also marked, per device, for retries in other containers.
  readonly #calls: ProviderCalls<Target>;

  constructor(
    private readonly client: SNSClient,
    options: SnsPushOptions = {},
  ) {
    this.#calls = new ProviderCalls(options, {
      isThrottling: isThrottled,
      defaultConcurrency: 16,
      accepted: (target) => target.status === 'published',
      remember: () => true,
    });
  }

  async deliver(messages: readonly OutgoingMessage[], context?: DeliveryContext): Promise<DeliveryOutcome[]> {
    const targets = messages.flatMap((message) =>
      endpointsOf(message).map((device) => ({ message, device })),
    );
    const published = await this.#calls.once(
      targets,
      ({ message, device }) => ({
        idempotencyKey: message.idempotencyKey,
        customerId: message.customerId,
        key: `${message.idempotencyKey}@${device.endpointArn}`,
      }),
      ({ message, device }) => this.#publish(message, device, context?.pushMessages),
      (): Target => ({ status: 'published' }),
      context,
    );
    const byMessage = new Map<OutgoingMessage, { device: Device; target: Target }[]>();
    for (const [index, { message, device }] of targets.entries()) {
      const target = published[index] as Target;
      byMessage.set(message, [...(byMessage.get(message) ?? []), { device, target }]);
    }
    return messages.map((message) => this.#outcome(message, byMessage.get(message) ?? []));
  }

  async #publish(message: OutgoingMessage, device: Device, sent?: PushMessageStore): Promise<Target> {
    const request = publishRequest(message, device);
    if ('problem' in request) return { status: 'refused', reason: request.problem };
    try {
      const output = await this.#calls.send(() => this.client.send(new PublishCommand(request.input)));
      if (sent && output.MessageId) await this.#remember(sent, message, device, output.MessageId);
      return { status: 'published', messageId: output.MessageId };
    } catch (error) {
      if (isGone(error)) return { status: 'gone', reason: errorName(error) };
      if (REFUSED.has(errorName(error))) return { status: 'refused', reason: errorName(error) };
      throw error;
    }
  }

  /**
   * Keeps the message SNS took, for its delivery status log. Best effort: a failure loses that
   * push's delivery count, whereas throwing would publish it again on the batch's retry.
   */
  async #remember(sent: PushMessageStore, message: OutgoingMessage, device: Device, messageId: string) {
    const { customerId, idempotencyKey, journeyId, runId, stepId } = message;
    const platform = platformKeyOf(device);
    try {
      await sent.remember({ messageId, customerId, idempotencyKey, journeyId, runId, stepId, platform });
    } catch (error) {
      this.#calls.warn('push not remembered for its delivery status', {
        error: errorName(error),
        journeyId,
        stepId,
      });
    }
  }

  #outcome(
    message: OutgoingMessage,
    targets: readonly { device: Device; target: Target }[],
  ): DeliveryOutcome {
    const { idempotencyKey } = message;
    const goneDevices = targets
      .filter(({ target }) => target.status === 'gone')
      .map(({ device }) => device.token);
    const gone = goneDevices.length > 0 ? { goneDevices } : {};
    if (goneDevices.length > 0)
      this.#calls.warn('push devices gone', {
        devices: goneDevices.length,
        journeyId: message.journeyId,
        stepId: message.stepId,
      });
    const first = targets.find(({ target }) => target.status === 'published')?.target;
    if (first?.status === 'published')
      return { idempotencyKey, status: 'accepted', providerMessageId: first.messageId, ...gone };
    const reason = rejectionOf(message, targets);
    this.#calls.warn('push rejected', {
      reason,
      journeyId: message.journeyId,
      stepId: message.stepId,
    });
    return { idempotencyKey, status: 'rejected', reason, ...gone };
  }
}

/** The message's devices that have an endpoint, each endpoint once. */
function endpointsOf(message: OutgoingMessage): Device[] {
  if (message.channel !== 'push') return [];
  const seen = new Set<string>();
  return (message.devices ?? []).filter((device) => {
    if (!device.endpointArn || seen.has(device.endpointArn)) return false;
    seen.add(device.endpointArn);
    return true;
  });
}

/** Why no device took the message: the first device's answer, or why none was tried. */
function rejectionOf(message: OutgoingMessage, targets: readonly { target: Target }[]): string {
  if (message.channel !== 'push') return `a ${message.channel} message is not a push`;
  if ((message.devices ?? []).length === 0) return 'the message has no device';
  const first = targets[0]?.target;
  if (!first || first.status === 'published') return 'no device has a push endpoint';
  return first.reason;
}
