import { createDocumentClient } from '../functions/commons/dynamo/create-client.ts';
import { stageTableNames } from '../functions/commons/dynamo/tables.ts';
import { DynamoEnrollmentStore } from '../functions/commons/stores/enrollments.ts';
import { DynamoFunnelStore } from '../functions/commons/stores/funnel.ts';
import { DynamoPendingWorkStore } from '../functions/commons/stores/pending-work.ts';
import { DynamoRunStore } from '../functions/commons/stores/runs.ts';
import type { ReportData } from '../report/model/report-data.ts';
import { reportFromStores } from '../report/read/from-stores.ts';
import type { JourneyCatalog } from '../workflows/workspace/catalog.ts';

/**
 * A deployed stage's report, read from its state table with the same stores the Lambdas use and
 * the caller's AWS credentials (the default provider chain: environment, profile, SSO).
 */
export async function stageReport(
  stage: string,
  catalog: JourneyCatalog,
  where: { readonly region?: string; readonly endpoint?: string } = {},
): Promise<ReportData> {
  const table = stageTableNames(stage).state;
  const client = createDocumentClient({
    ...(where.region ? { region: where.region } : {}),
    ...(where.endpoint ? { endpoint: where.endpoint } : {}),
  });
  try {
    const region = await client.base.config.region();
    return await reportFromStores(
      catalog,
      {
        funnel: new DynamoFunnelStore(client, table),
        runs: new DynamoRunStore(client, table),
        pendingWork: new DynamoPendingWorkStore(client, table),
        enrollments: new DynamoEnrollmentStore(client, table),
      },
      {
        title: `Journeys report: stage ${stage}`,
        source: `Read from the DynamoDB table ${table} in ${region} on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC. The AWS bill is in Cost Explorer; reach is counted only by simulations.`,
        now: Date.now(),
      },
    );
  } finally {
    client.base.destroy();
  }
}
