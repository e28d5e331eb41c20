import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { stageReport } from '../../cli/stage-report.ts';
import { createTables } from '../../engine/create-tables.ts';
import { type LocalDynamo, startDynalite } from '../../engine/dynalite/server.ts';
import { createDocumentClient } from '../../functions/commons/dynamo/create-client.ts';
import type { DocumentClient } from '../../functions/commons/dynamo/document-client.ts';
import { stageTableNames } from '../../functions/commons/dynamo/tables.ts';
import { DynamoEnrollmentStore } from '../../functions/commons/stores/enrollments.ts';
import { DynamoFunnelStore } from '../../functions/commons/stores/funnel.ts';
import { DynamoPendingWorkStore } from '../../functions/commons/stores/pending-work.ts';
import { DynamoRunStore } from '../../functions/commons/stores/runs.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';
import { journeys } from '../support/cli.ts';

const STAGE = 'report-test';
const TABLE = stageTableNames(STAGE).state;

/** Two runs of cart-nudge counted by shard tasks and attribution, and a window holding entries. */
async function seedStage(client: DocumentClient): Promise<void> {
  const funnel = new DynamoFunnelStore(client, TABLE);
  const runs = new DynamoRunStore(client, TABLE);
  const row = (runId: string, variant: string, counts: Record<string, number>) => ({
    journeyId: 'cart-nudge',
    runId,
    stepId: '$journey',
    variant,
    counts,
  });
  await funnel.set(row('run-1', 'treated', { entered: 90 }), 'cohort-1/0');
  await funnel.set(row('run-1', 'holdout', { entered: 10, heldOut: 10 }), 'cohort-1/0');
  await funnel.set(row('run-1', 'treated', { ordered: 30, revenue: 3000 }), 'events#batch-1');
  await funnel.set(row('run-2', 'treated', { entered: 45 }), 'cohort-2/0');
  await funnel.set(
    {
      journeyId: 'cart-nudge',
      runId: 'run-2',
      stepId: 'send-cart-reminder',
      variant: 'treated',
      counts: { sent: 40 },
    },
    'cohort-2/0',
  );
  const startedAt = Date.parse('2027-06-11T02:00:00Z');
  await runs.create({
    journeyId: 'cart-nudge',
    runId: 'run-1',
    journeyVersion: 1,
    startedAt,
    trigger: 'event',
  });
  await runs.create({
    journeyId: 'cart-nudge',
    runId: 'run-2',
    journeyVersion: 1,
    startedAt: startedAt + 3_600_000,
    trigger: 'event',
  });
  const minute = '2027-06-11T04:00';
  const entries = ['c1', 'c2', 'c3'].map((customerId) => ({
    journeyId: 'cart-nudge',
    minute,
    customerId,
    enteredAt: Date.parse('2027-06-11T04:10:00Z'),
  }));
  await new DynamoEnrollmentStore(client, TABLE).bufferEntries(entries);
  await new DynamoPendingWorkStore(client, TABLE).markEntries(
    'cart-nudge',
    minute,
    [0, 1, 2, 3, 4, 5, 6, 7],
    Date.now(),
  );
}

describe('journeys report --stage', () => {
  let dynamo: LocalDynamo;
  let client: DocumentClient;

  beforeAll(async () => {
    // The default credential chain reads these, as it would read the user's.
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    dynamo = await startDynalite();
    await createTables(dynamo.endpoint, stageTableNames(STAGE));
    client = createDocumentClient({ endpoint: dynamo.endpoint, region: 'local' });
    await seedStage(client);
  });

  afterAll(async () => {
    client?.base.destroy();
    await dynamo?.stop();
    vi.unstubAllEnvs();
  });

  test("reads the stage's funnel rows, runs and waiting entries with the stores the Lambdas write them with", async () => {
    // Act
    const report = await stageReport(STAGE, await catalogFromWorkspace('workflows', ['cart-nudge']), {
      region: 'local',
      endpoint: dynamo.endpoint,
    });

    // Assess
    const [view] = report.journeys;
    expect(view?.funnel).toMatchObject({
      entered: 145,
      treated: 135,
      heldOut: 10,
      ordered: 30,
      revenue: 3000,
    });
    expect(view?.messages[0]?.outcomes.sent).toBe(40);
    expect(report.live?.runs['cart-nudge']?.map((run) => [run.runId, run.entered])).toEqual([
      ['run-2', 45],
      ['run-1', 100],
    ]);
    // cart-nudge gathers an hour of entries; its cohort starts once the window closes and its grace passes.
    expect(report.live?.windows).toEqual([
      {
        journeyId: 'cart-nudge',
        opened: '2027-06-11T04:00:00.000Z',
        waiting: 3,
        startsAt: expect.stringMatching(/^2027-06-11T05:0/),
      },
    ]);
    expect(report.source).toContain(`${TABLE} in local`);
  });

  test('as the command: writes the HTML of the stage from the credentials and endpoint the environment gives', async () => {
    // Prepare: the SDK's own variable points DynamoDB at the local table, as a user's profile points at AWS.
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', dynamo.endpoint);
    const out = join(mkdtempSync(join(tmpdir(), 'journeys-stage-')), 'stage.html');

    // Act
    const result = await journeys('report', '--stage', STAGE, '--region', 'local', '--out', out);

    // Assess
    expect(result).toMatchObject({ code: 0, stdout: `HTML report of stage ${STAGE} written to ${out}\n` });
    const page = readFileSync(out, 'utf8');
    expect(page).toContain(`<title>Journeys report: stage ${STAGE}</title>`);
    expect(page).toContain(`${TABLE} in local`);
    const diagram = page.slice(page.indexOf('data-diagram="cart-nudge"'));
    expect(diagram).toContain('entered 145');
    expect(diagram).toContain('sent 40');
    expect(page).toMatch(/data-table="waiting"[\s\S]*?<td[^>]*>3<\/td>/);
  });
});
