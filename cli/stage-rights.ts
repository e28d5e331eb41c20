import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { SNSClient } from '@aws-sdk/client-sns';
import { SnsDeviceRegistrar } from '../functions/commons/channels/push/device-registrar.ts';
import { createDocumentClient } from '../functions/commons/dynamo/create-client.ts';
import { tableNames } from '../functions/commons/dynamo/tables.ts';
import { systemClock } from '../functions/commons/runtime/clock.ts';
import { parseConfig } from '../functions/commons/runtime/config.ts';
import { createLogger } from '../functions/commons/runtime/observability.ts';
import { dynamoStores } from '../functions/commons/runtime/runtime-deps.ts';
import { pseudonymKey, pseudonymSecretName } from '../functions/commons/util/pseudonym.ts';
import type { RightsDeps } from '../functions/customer-rights/rights-deps.ts';
import type { JourneyCatalog } from '../workflows/workspace/catalog.ts';

/**
 * What erasure and export need on a deployed stage, with the credentials of the environment: the
 * stage's tables (named as its stack names them), its pseudonym key (a secret named after the
 * stage), and SNS to delete push endpoints, which needs no application: an endpoint is deleted by
 * its ARN, which the profile holds.
 */
export async function stageRightsDeps(stage: string, catalog: JourneyCatalog): Promise<RightsDeps> {
  const tables = tableNames(`journeys-${stage}`);
  const config = parseConfig({
    CUSTOMERS_TABLE: tables.customers,
    EVENTS_TABLE: tables.events,
    STATE_TABLE: tables.state,
    OUTBOX_TABLE: tables.outbox,
  });
  const key = pseudonymKey(await getSecret(pseudonymSecretName(stage), { throwOnMissing: true }));
  return {
    stores: dynamoStores(createDocumentClient(), config, systemClock, key),
    catalog,
    clock: systemClock,
    devices: new SnsDeviceRegistrar(new SNSClient({}), {}),
    logger: createLogger({ silent: true }),
  };
}
