import {
  CreatePlatformEndpointCommand,
  DeleteEndpointCommand,
  GetEndpointAttributesCommand,
  SetEndpointAttributesCommand,
  type SNSClient,
} from '@aws-sdk/client-sns';
import type { PushPlatform } from '../../../../workflows/contracts/device-events.ts';
import type { RuntimeConfig } from '../../runtime/config.ts';
import type { BackoffPolicy } from '../../util/backoff.ts';
import { retryingThrottled } from '../provider-calls.ts';
import { isThrottled } from './sns-push.ts';

/** The SNS platform application of each platform the stage sends push to. */
export type PushApplications = Readonly<Partial<Record<PushPlatform, string>>>;

/** The applications the configuration names, or undefined where push has none (it then goes to the outbox). */
export function pushApplicationsOf(
  config: Pick<RuntimeConfig, 'PUSH_APNS_APPLICATION_ARN' | 'PUSH_FCM_APPLICATION_ARN'>,
): PushApplications | undefined {
  if (!config.PUSH_APNS_APPLICATION_ARN && !config.PUSH_FCM_APPLICATION_ARN) return undefined;
  return {
    ...(config.PUSH_APNS_APPLICATION_ARN ? { apns: config.PUSH_APNS_APPLICATION_ARN } : {}),
    ...(config.PUSH_FCM_APPLICATION_ARN ? { fcm: config.PUSH_FCM_APPLICATION_ARN } : {}),
  };
}

/** A device as the events API registers it, with the endpoint the profile already holds for it. */
export interface DeviceRegistration {
  readonly customerId: string;
  readonly platform: PushPlatform;
  readonly token: string;
  readonly endpointArn?: string;
}

/** What a registration does beside the endpoint: the previous owner of a token that changed hands. */
export interface RegisterOptions {
  /**
   * Called when the endpoint's owner (its CustomUserData) is another customer, before the endpoint
   * becomes this one's: a registration that fails after it finds the same owner when retried.
   */
  readonly takeOver?: (previousOwner: string) => Promise<void>;
}

/** Which endpoints an unregistration may delete. */
export interface UnregisterOptions {
  /** Only one SNS still holds disabled: a report of a gone device must not delete one registered again since. */
  readonly onlyIfDisabled?: boolean;
}

/** Keeps each device's platform endpoint: what ingest calls around the (pure) profile update. */
export interface DeviceRegistrar {
  /**
   * The device's endpoint, made or brought up to date: its token current, enabled, and owned by
   * the customer. Undefined when the platform has no application here.
   */
  register(device: DeviceRegistration, options?: RegisterOptions): Promise<string | undefined>;
  /** Deletes an endpoint the profile let go, unless another customer has registered its token since. */
  unregister(endpointArn: string, customerId: string, options?: UnregisterOptions): Promise<void>;
}

/** "Endpoint arn:… already exists with the same Token, but different attributes." */
const EXISTING_ENDPOINT = /Endpoint (arn:\S+) already exists with the same token/i;

const errorName = (error: unknown) => String((error as { name?: unknown })?.name);

export interface SnsDeviceRegistrarOptions {
  /** How a throttled call is tried again. @default 4 attempts, 100 ms doubling up to 2 s, full jitter */
  readonly backoff?: BackoffPolicy;
  readonly wait?: (ms: number) => Promise<void>;
}

/**
 * Platform endpoints on SNS, kept as AWS's token-management advice has it: create the endpoint
 * when the profile has none, then read it, and make it again if it was deleted, or set the
 * latest token and enable it when it differs or was disabled. The customer id is the endpoint's
 * CustomUserData: it says whose the endpoint is when a token moves to another customer.
 */
export class SnsDeviceRegistrar implements DeviceRegistrar {
  constructor(
    private readonly client: SNSClient,
    private readonly applications: PushApplications,
    private readonly options: SnsDeviceRegistrarOptions = {},
  ) {}

  async register(device: DeviceRegistration, options: RegisterOptions = {}): Promise<string | undefined> {
    const application = this.applications[device.platform];
    if (!application) return undefined;
    // An endpoint of another application (the sandbox app before the production one, say) is not reused.
    const known =
      device.endpointArn && belongsTo(device.endpointArn, application) ? device.endpointArn : undefined;
    let endpointArn = known ?? (await this.#create(application, device));
    let attributes = await this.#attributes(endpointArn);
    if (!attributes) {
      endpointArn = await this.#create(application, device);
      attributes = (await this.#attributes(endpointArn)) ?? {};
    }
    const owner = attributes.CustomUserData;
    if (owner && owner !== device.customerId) await options.takeOver?.(owner);
    if (
      attributes.Token !== device.token ||
      attributes.Enabled !== 'true' ||
      attributes.CustomUserData !== device.customerId
    ) {
      const update = new SetEndpointAttributesCommand({
        EndpointArn: endpointArn,
        Attributes: { Token: device.token, Enabled: 'true', CustomUserData: device.customerId },
      });
      await this.#retrying(() => this.client.send(update));
    }
    return endpointArn;
  }

  async unregister(endpointArn: string, customerId: string, options: UnregisterOptions = {}): Promise<void> {
    const attributes = await this.#attributes(endpointArn);
    if (!attributes) return;
    if (attributes.CustomUserData !== undefined && attributes.CustomUserData !== customerId) return;
    if (options.onlyIfDisabled && attributes.Enabled !== 'false') return;
    await this.#retrying(() => this.client.send(new DeleteEndpointCommand({ EndpointArn: endpointArn })));
  }

  async #create(application: string, device: DeviceRegistration): Promise<string> {
    try {
      const create = new CreatePlatformEndpointCommand({
        PlatformApplicationArn: application,
        Token: device.token,
        CustomUserData: device.customerId,
      });
      const output = await this.#retrying(() => this.client.send(create));
      if (!output.EndpointArn) throw new Error('CreatePlatformEndpoint answered without an EndpointArn');
      return output.EndpointArn;
    } catch (error) {
      // The token has an endpoint already, made for another customer: it is brought over by the attributes.
      const existing =
        errorName(error) === 'InvalidParameterException'
          ? EXISTING_ENDPOINT.exec(String((error as Error).message))?.[1]
          : undefined;
      if (existing) return existing;
      throw error;
    }
  }

  /** The endpoint's attributes, or undefined when it no longer exists. */
  async #attributes(endpointArn: string): Promise<Record<string, string> | undefined> {
    try {
      const read = new GetEndpointAttributesCommand({ EndpointArn: endpointArn });
      const output = await this.#retrying(() => this.client.send(read));
      return output.Attributes ?? {};
    } catch (error) {
      if (errorName(error) === 'NotFoundException') return undefined;
      throw error;
    }
  }

  #retrying<T>(work: () => Promise<T>): Promise<T> {
    return retryingThrottled(work, isThrottled, this.options);
  }
}

/** Whether an endpoint ARN is one of the application's: `…:app/GCM/shop` owns `…:endpoint/GCM/shop/<id>`. */
function belongsTo(endpointArn: string, applicationArn: string): boolean {
  return endpointArn.startsWith(`${applicationArn.replace(':app/', ':endpoint/')}/`);
}
