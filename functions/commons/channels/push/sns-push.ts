import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Device } from '../../../../workflows/contracts/device-events.ts';
import { type BackoffPolicy, sleep, withBackoff } from '../../util/backoff.ts';
import { mapLimit } from '../../util/concurrency.ts';
import type { ChannelAdapter, DeliveryOutcome, OutgoingMessage } from '../channel-adapter.ts';
import { publishRequest } from './push-payload.ts';

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

/** Where the adapter says what it rejected or unregistered: reasons and steps, never tokens. */
interface PushLog {
  warn(message: string, attributes: Record<string, unknown>): void;
}

export interface SnsPushOptions {
  /** Publish calls in flight at once. @default 16 */
  readonly concurrency?: number;
  /** How a throttled publish is tried again. @default 4 attempts, 100 ms doubling up to 2 s, full jitter */
  readonly backoff?: BackoffPolicy;
  /** Waits between attempts. @default a timer */
  readonly wait?: (ms: number) => Promise<void>;
  readonly logger?: PushLog;
}

/** Publishes this instance saw through, so a batch retried in the same container publishes none twice. */
const REMEMBERED = 100_000;

/**
 * Push through Amazon SNS mobile push: one Publish per device of the message, to its platform
 * endpoint, with the platform's payload. The message is accepted when any device took it; the
 * devices SNS reports disabled or gone come back in `goneDevices`. A throttled publish is retried
 * with backoff; when its tries run out the batch throws, for the caller to retry.
 */
export class SnsPushAdapter implements ChannelAdapter {
  readonly #done = new Map<string, Target>();

  constructor(
    private readonly client: SNSClient,
    private readonly options: SnsPushOptions = {},
  ) {}

  async deliver(messages: readonly OutgoingMessage[]): Promise<DeliveryOutcome[]> {
    const targets = messages.flatMap((message) =>
      endpointsOf(message).map((device) => ({ message, device })),
    );
    const published = await mapLimit(targets, this.options.concurrency ?? 16, ({ message, device }) =>
      this.#publishOnce(message, device),
    );
    const byMessage = new Map<OutgoingMessage, { device: Device; target: Target }[]>();
    for (const [index, { message, device }] of targets.entries()) {
      const target = published[index] as Target;
      byMessage.set(message, [...(byMessage.get(message) ?? []), { device, target }]);
    }
    return messages.map((message) => this.#outcome(message, byMessage.get(message) ?? []));
  }

  async #publishOnce(message: OutgoingMessage, device: Device): Promise<Target> {
    const key = `${message.idempotencyKey}\u0000${device.endpointArn}`;
    const known = this.#done.get(key);
    if (known) return known;
    const target = await this.#publish(message, device);
    this.#done.set(key, target);
    if (this.#done.size > REMEMBERED) {
      const oldest = this.#done.keys().next().value;
      if (oldest !== undefined) this.#done.delete(oldest);
    }
    return target;
  }

  async #publish(message: OutgoingMessage, device: Device): Promise<Target> {
    const request = publishRequest(message, device);
    if ('problem' in request) return { status: 'refused', reason: request.problem };
    try {
      const output = await withBackoff(
        () => this.client.send(new PublishCommand(request.input)),
        isThrottled,
        this.options.backoff ?? { attempts: 4, baseDelayMs: 100, maxDelayMs: 2_000 },
        this.options.wait ?? sleep,
      );
      return { status: 'published', messageId: output.MessageId };
    } catch (error) {
      if (isGone(error)) return { status: 'gone', reason: errorName(error) };
      if (REFUSED.has(errorName(error))) return { status: 'refused', reason: errorName(error) };
      throw error;
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
      this.options.logger?.warn('push devices gone', {
        devices: goneDevices.length,
        journeyId: message.journeyId,
        stepId: message.stepId,
      });
    const first = targets.find(({ target }) => target.status === 'published')?.target;
    if (first?.status === 'published')
      return { idempotencyKey, status: 'accepted', providerMessageId: first.messageId, ...gone };
    const reason = rejectionOf(message, targets);
    this.options.logger?.warn('push rejected', {
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
