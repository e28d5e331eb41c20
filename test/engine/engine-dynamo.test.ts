import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DYNAMODB_ENDPOINT_VARIABLE, LOCAL_TABLES, LocalEngine } from '../../engine/engine.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';
import { type TestEndpoint, testEndpoint, uniquePrefix } from '../support/dynamo/test-endpoint.ts';
import { event, post } from '../support/engine/engine-harness.ts';

/**
 * The engine on a DynamoDB it does not start (DynamoDB Local, or AWS): dynalite over HTTP stands
 * in for it here, and DynamoDB Local itself under `npm run test:dynamodb-local`.
 */

const START_AT = Date.parse('2027-06-11T02:00:00Z');
const catalog = await catalogFromWorkspace('workflows', ['cart-nudge']);
let dynamo: TestEndpoint;
let admin: DynamoDBClient;

beforeAll(async () => {
  dynamo = await testEndpoint();
  admin = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  admin?.destroy();
  await dynamo?.stop();
});

async function tableNames(): Promise<string[]> {
  const names: string[] = [];
  let start: string | undefined;
  do {
    const page = await admin.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    names.push(...(page.TableNames ?? []));
    start = page.LastEvaluatedTableName;
  } while (start);
  return names;
}

describe('an engine on an external DynamoDB endpoint', () => {
  test('runs on tables of its own, apart from a second engine, and deletes them when it stops', async () => {
    // Prepare
    const first = await LocalEngine.start({
      catalog,
      startAt: START_AT,
      dynamodb: { endpoint: dynamo.endpoint },
    });
    const second = await LocalEngine.start({
      catalog,
      startAt: START_AT,
      dynamodb: { endpoint: dynamo.endpoint },
    });

    // Act
    await post(first, [event(first, 'evt-apart-1', 'apart-1', 'signup')]);
    const existing = await tableNames();
    const firstTimeline = await first.deps.stores.events.wholeTimeline('apart-1');
    const secondTimeline = await second.deps.stores.events.wholeTimeline('apart-1');
    await first.stop();
    await second.stop();

    // Assess
    expect(first.dynamoEndpoint).toBe(dynamo.endpoint);
    expect(first.tables.state).not.toBe(second.tables.state);
    expect(first.tables.state).not.toBe(LOCAL_TABLES.state);
    expect(existing).toEqual(
      expect.arrayContaining([...Object.values(first.tables), ...Object.values(second.tables)]),
    );
    expect(firstTimeline.map((entry) => entry.eventId)).toEqual(['evt-apart-1']);
    expect(secondTimeline).toEqual([]);
    const left = await tableNames();
    expect(left.filter((name) => Object.values(first.tables).includes(name))).toEqual([]);
    expect(left.filter((name) => Object.values(second.tables).includes(name))).toEqual([]);
  });

  test("with a table prefix, keeps its tables, and a later engine with the same prefix finds the first's data", async () => {
    // Prepare
    const tablePrefix = uniquePrefix('kept');
    const first = await LocalEngine.start({
      catalog,
      startAt: START_AT,
      dynamodb: { endpoint: dynamo.endpoint, tablePrefix },
    });
    await post(first, [event(first, 'evt-kept-1', 'kept-1', 'signup')]);
    await first.stop();

    // Act
    const later = await LocalEngine.start({
      catalog,
      startAt: START_AT,
      dynamodb: { endpoint: dynamo.endpoint, tablePrefix },
    });
    const timeline = await later.deps.stores.events.wholeTimeline('kept-1');
    await later.stop();

    // Assess
    expect(later.tables.state).toBe(`${tablePrefix}-state`);
    expect(timeline.map((entry) => entry.eventId)).toEqual(['evt-kept-1']);
    expect(await tableNames()).toEqual(expect.arrayContaining(Object.values(later.tables)));
  });

  test("meters every request, and keeps each table's units and kinds under the local engine's table names", async () => {
    // Prepare
    const engine = await LocalEngine.start({
      catalog,
      startAt: START_AT,
      dynamodb: { endpoint: dynamo.endpoint },
    });

    // Act
    await post(engine, [event(engine, 'evt-metered-1', 'metered-1', 'signup')]);
    const usage = engine.usage;
    await engine.stop();

    // Assess
    expect(usage.total()).toBeGreaterThan(0);
    expect(usage.writeUnitsByTable.get(LOCAL_TABLES.events)).toBeGreaterThan(0);
    expect(usage.requestsByKind.get(`BatchWriteItem:${LOCAL_TABLES.events}`)).toBeGreaterThan(0);
    const kinds = [...usage.requestsByKind.keys(), ...usage.writeUnitsByKind.keys()];
    expect(kinds.filter((kind) => Object.values(engine.tables).some((name) => kind.endsWith(name)))).toEqual(
      [],
    );
    expect(
      [...usage.writeUnitsByTable.keys()].every((name) => Object.values(LOCAL_TABLES).includes(name)),
    ).toBe(true);
  });

  test('is the one JOURNEYS_DYNAMODB_ENDPOINT names when the engine is given none', async () => {
    // Prepare
    const before = process.env[DYNAMODB_ENDPOINT_VARIABLE];
    process.env[DYNAMODB_ENDPOINT_VARIABLE] = dynamo.endpoint;

    // Act
    const engine = await LocalEngine.start({ catalog, startAt: START_AT }).finally(() => {
      if (before === undefined) delete process.env[DYNAMODB_ENDPOINT_VARIABLE];
      else process.env[DYNAMODB_ENDPOINT_VARIABLE] = before;
    });
    await engine.stop();

    // Assess
    expect(engine.dynamoEndpoint).toBe(dynamo.endpoint);
    expect(engine.tables.state).not.toBe(LOCAL_TABLES.state);
  });
});
