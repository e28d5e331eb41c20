import type {
  CreatePlatformApplicationCommandInput,
  DeletePlatformApplicationCommandInput,
  SetPlatformApplicationAttributesCommandInput,
} from '@aws-sdk/client-sns';
import type { PlatformApplicationProperties } from './properties.ts';

/**
 * The application's attributes for token authentication: APNs signs with the .p8 key (its id as
 * the principal) for one team's bundle; FCM HTTP v1 takes the service account JSON alone. Both
 * get the delivery status logging the stack set up, when it did.
 */
export function applicationAttributes(
  properties: PlatformApplicationProperties,
  credential: string,
): Record<string, string> {
  const { SuccessFeedbackRoleArn, FailureFeedbackRoleArn, SuccessFeedbackSampleRate } = properties;
  const status = Object.fromEntries(
    Object.entries({ SuccessFeedbackRoleArn, FailureFeedbackRoleArn, SuccessFeedbackSampleRate }).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
  if (properties.Platform === 'GCM') return { PlatformCredential: credential, ...status };
  return {
    ...status,
    PlatformCredential: credential,
    PlatformPrincipal: properties.KeyId,
    ApplePlatformTeamID: properties.TeamId,
    ApplePlatformBundleID: properties.BundleId,
  };
}

export function createRequest(
  properties: PlatformApplicationProperties,
  credential: string,
): CreatePlatformApplicationCommandInput {
  return {
    Name: properties.Name,
    Platform: properties.Platform,
    Attributes: applicationAttributes(properties, credential),
  };
}

export function updateRequest(
  applicationArn: string,
  properties: PlatformApplicationProperties,
  credential: string,
): SetPlatformApplicationAttributesCommandInput {
  return {
    PlatformApplicationArn: applicationArn,
    Attributes: applicationAttributes(properties, credential),
  };
}

export function deleteRequest(applicationArn: string): DeletePlatformApplicationCommandInput {
  return { PlatformApplicationArn: applicationArn };
}

/** The ARN is made of the platform and the name: a change of either is a new application. */
export function replaces(
  before: PlatformApplicationProperties,
  after: PlatformApplicationProperties,
): boolean {
  return before.Name !== after.Name || before.Platform !== after.Platform;
}
