import type { Logger } from '@aws-lambda-powertools/logger';
import {
  CreatePlatformApplicationCommand,
  DeletePlatformApplicationCommand,
  SetPlatformApplicationAttributesCommand,
  type SNSClient,
} from '@aws-sdk/client-sns';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { platformCredential } from './credentials.ts';
import { PlatformApplicationProperties } from './properties.ts';
import { createRequest, deleteRequest, replaces, updateRequest } from './requests.ts';

export interface PushApplicationDeps {
  readonly sns: Pick<SNSClient, 'send'>;
  /** A secret's text by its ARN (Secrets Manager through Powertools, in Lambda). */
  readonly readSecret: (secretArn: string) => Promise<string>;
  /** Names, platforms and ARNs only: never a secret or the attributes made from it. */
  readonly logger: Pick<Logger, 'info'>;
}

/** What the Provider framework hands CloudFormation: the application's ARN is its physical id. */
export interface PlatformApplicationResponse {
  readonly PhysicalResourceId: string;
  readonly Data: { readonly PlatformApplicationArn: string };
}

/**
 * One CloudFormation event of a `Custom::SnsPlatformApplication`: Create makes the application,
 * Update sets its attributes (or makes a new one when its name or platform changed, and
 * CloudFormation then deletes the old), and Delete deletes it, gone already or not.
 */
export async function onPlatformApplicationEvent(
  event: CloudFormationCustomResourceEvent,
  deps: PushApplicationDeps,
): Promise<PlatformApplicationResponse> {
  if (event.RequestType === 'Delete') {
    await deleteApplication(event.PhysicalResourceId, deps);
    return answer(event.PhysicalResourceId);
  }
  const properties = PlatformApplicationProperties.parse(event.ResourceProperties);
  if (event.RequestType === 'Create') return createApplication(properties, deps);
  const before = PlatformApplicationProperties.safeParse(event.OldResourceProperties);
  if (before.success && replaces(before.data, properties)) return createApplication(properties, deps);
  return updateApplication(event.PhysicalResourceId, properties, deps);
}

async function createApplication(
  properties: PlatformApplicationProperties,
  deps: PushApplicationDeps,
): Promise<PlatformApplicationResponse> {
  const credential = platformCredential(properties, await deps.readSecret(properties.CredentialsSecretArn));
  const created = await deps.sns.send(
    new CreatePlatformApplicationCommand(createRequest(properties, credential)),
  );
  const arn = created.PlatformApplicationArn;
  if (!arn) throw new Error(`SNS created the application ${properties.Name} without returning its ARN`);
  deps.logger.info('platform application created', {
    name: properties.Name,
    platform: properties.Platform,
    arn,
  });
  return answer(arn);
}

async function updateApplication(
  arn: string,
  properties: PlatformApplicationProperties,
  deps: PushApplicationDeps,
): Promise<PlatformApplicationResponse> {
  const credential = platformCredential(properties, await deps.readSecret(properties.CredentialsSecretArn));
  try {
    await deps.sns.send(
      new SetPlatformApplicationAttributesCommand(updateRequest(arn, properties, credential)),
    );
  } catch (error) {
    // Deleted outside the stack: made again under the same name, so its ARN stays the same.
    if (errorName(error) !== 'NotFoundException') throw error;
    deps.logger.info('platform application missing; creating it again', { arn });
    return createApplication(properties, deps);
  }
  deps.logger.info('platform application updated', {
    name: properties.Name,
    platform: properties.Platform,
    arn,
  });
  return answer(arn);
}

async function deleteApplication(arn: string, deps: PushApplicationDeps): Promise<void> {
  // A physical id that is no ARN (a create that failed) was never an application.
  if (!arn.startsWith('arn:')) return;
  try {
    await deps.sns.send(new DeletePlatformApplicationCommand(deleteRequest(arn)));
    deps.logger.info('platform application deleted', { arn });
  } catch (error) {
    if (errorName(error) !== 'NotFoundException') throw error;
    deps.logger.info('platform application already gone', { arn });
  }
}

const answer = (arn: string): PlatformApplicationResponse => ({
  PhysicalResourceId: arn,
  Data: { PlatformApplicationArn: arn },
});

const errorName = (error: unknown) => (error as { name?: string } | undefined)?.name;
