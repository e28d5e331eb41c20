import { readFileSync } from 'node:fs';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { SFNClient } from '@aws-sdk/client-sfn';
import { CompiledTemplate } from '../../../workflows/messages/compiled-template.ts';
import { Journey, Offer } from '../../../workflows/schema/index.ts';
import { SegmentSettings } from '../../../workflows/schema/segment-settings.ts';
import type { JourneyCatalog } from '../../../workflows/workspace/catalog.ts';
import { unsubscribeKey } from '../channels/unsubscribe-token.ts';
import { createDocumentClient } from '../dynamo/create-client.ts';
import { pseudonymKey } from '../util/pseudonym.ts';
import { systemClock } from './clock.ts';
import { parseConfig } from './config.ts';
import { lambdaChannels, lambdaDeviceRegistrar } from './lambda-channels.ts';
import { createLogger, createMetrics } from './observability.ts';
import { dynamoStores, type RuntimeDeps } from './runtime-deps.ts';
import { StepFunctionsStarter } from './step-functions-starter.ts';

/** The catalog bundled with the functions: validated journeys, offers and compiled templates (no MJML here). */
export function catalogFromJson(text: string): JourneyCatalog {
  const data = JSON.parse(text) as {
    journeys: unknown[];
    offers: unknown[];
    templates: unknown[];
    segment?: unknown;
  };
  const byId = <T extends { id: string }>(items: T[]) => new Map(items.map((item) => [item.id, item]));
  return {
    journeys: byId(data.journeys.map((journey) => Journey.parse(journey))),
    offers: byId(data.offers.map((offer) => Offer.parse(offer))),
    templates: byId(data.templates.map((template) => CompiledTemplate.parse(template))),
    ...(data.segment !== undefined ? { segment: SegmentSettings.parse(data.segment) } : {}),
  };
}

/**
 * The unsubscribe links' key, read from Secrets Manager once per container as it starts (a
 * top-level await), so that signing a link stays synchronous. Only the functions given
 * UNSUBSCRIBE_SECRET_ARN read it.
 */
const containerUnsubscribeKey = process.env.UNSUBSCRIBE_SECRET_ARN
  ? unsubscribeKey(await getSecret(process.env.UNSUBSCRIBE_SECRET_ARN, { throwOnMissing: true }))
  : undefined;

/** The key of erasure tombstones and pseudonyms, read the same way, by the functions given PSEUDONYM_SECRET_ARN. */
const containerPseudonymKey = process.env.PSEUDONYM_SECRET_ARN
  ? pseudonymKey(await getSecret(process.env.PSEUDONYM_SECRET_ARN, { throwOnMissing: true }))
  : undefined;

/** Dependencies of a function running in AWS Lambda, built once per container from its environment. */
export function lambdaDeps(environment: Record<string, string | undefined> = process.env): RuntimeDeps {
  const config = parseConfig(environment);
  const client = createDocumentClient();
  const catalogPath = environment.JOURNEY_CATALOG ?? new URL('./catalog.json', import.meta.url).pathname;
  const logger = createLogger();
  return {
    config,
    clock: systemClock,
    catalog: catalogFromJson(readFileSync(catalogPath, 'utf8')),
    stores: dynamoStores(client, config, systemClock, containerPseudonymKey),
    channels: lambdaChannels(config, client, logger),
    unsubscribeKey: containerUnsubscribeKey,
    devices: lambdaDeviceRegistrar(config),
    executions: new StepFunctionsStarter(new SFNClient({}), config.STATE_MACHINE_ARN_PREFIX),
    logger,
    metrics: createMetrics(),
  };
}
