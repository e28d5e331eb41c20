import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import {
  onPlatformApplicationEvent,
  type PlatformApplicationResponse,
  type PushApplicationDeps,
} from './push-applications.ts';

/**
 * The onEvent handler of the stack's SNS platform applications (a CDK custom resource Provider).
 * It runs only while CloudFormation deploys; an error fails that deploy with its message, which
 * names the secret and the field at fault and never holds the secret's text.
 */
export const createPushApplicationsHandler = (deps: PushApplicationDeps & { readonly logger: Logger }) =>
  middy<CloudFormationCustomResourceEvent, PlatformApplicationResponse>()
    .use(injectLambdaContext(deps.logger))
    .handler((event) => onPlatformApplicationEvent(event, deps));
