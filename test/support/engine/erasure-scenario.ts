import { localDocumentClient } from '../../../engine/dynalite/local-client.ts';
import { LocalEngine } from '../../../engine/engine.ts';
import { customerRights } from '../../../engine/routes/customer-rights.ts';
import type { OutgoingMessage } from '../../../functions/commons/channels/channel-adapter.ts';
import { SnsDeviceRegistrar } from '../../../functions/commons/channels/push/device-registrar.ts';
import { SnsPushAdapter } from '../../../functions/commons/channels/push/sns-push.ts';
import { catalogFromWorkspace } from '../../../workflows/workspace/catalog.ts';
import { event, HOUR_MS, playUntil, post, postAndTick } from './engine-harness.ts';
import { type StandInSns, standInSns } from './sns-stand-in.ts';

/** 20:30 in New York: the first messages go out at once; the thank-you an hour later falls in quiet hours. */
export const ERASURE_START = Date.parse('2027-06-11T00:30:00Z');
export const ERASURE_JOURNEY = 'erasure-trail';
const WORKSPACE = 'test/fixtures/workspaces/erasure';
const FCM_APP = 'arn:aws:sns:us-east-1:111122223333:app/GCM/shop';

/** A customer of the scenario, with what identifies them: the strings no table may keep after erasure. */
export interface ScenarioCustomer {
  readonly id: string;
  readonly email: string;
  readonly phone: string;
  readonly token: string;
}

export const customerNamed = (id: string, phone: string): ScenarioCustomer => ({
  id,
  email: `${id}@example.com`,
  phone,
  token: `fcm-token-${id}`,
});

export interface ErasureScenario {
  readonly engine: LocalEngine;
  readonly sns: StandInSns;
  readonly delivered: OutgoingMessage[];
}

/** What each table holds, item by item. */
export async function scanAllTables(engine: LocalEngine): Promise<Record<string, Record<string, unknown>[]>> {
  const client = localDocumentClient({ endpoint: engine.dynamoEndpoint });
  const tables: Record<string, Record<string, unknown>[]> = {};
  for (const table of Object.values(engine.tables)) {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await client.scan({ TableName: table, ExclusiveStartKey: startKey });
      items.push(...((page.Items ?? []) as Record<string, unknown>[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    tables[table] = items;
  }
  return tables;
}

/** The items of every table that hold any of these strings anywhere, keys and values alike. */
export async function itemsHolding(engine: LocalEngine, needles: readonly string[]): Promise<string[]> {
  const tables = await scanAllTables(engine);
  return Object.entries(tables).flatMap(([table, items]) =>
    items
      .map((item) => JSON.stringify(item, (_, value) => (value instanceof Set ? [...value] : value)))
      .filter((text) => needles.some((needle) => text.includes(needle)))
      .map((text) => `${table}: ${text}`),
  );
}

/**
 * Deletes the customer's run memberships as DynamoDB's TTL does a month after their runs stop
 * attributing (dynalite keeps items past their TTL): what the runs wrote about them stays longer.
 */
export async function expireMemberships(engine: LocalEngine, customerId: string): Promise<number> {
  const client = localDocumentClient({ endpoint: engine.dynamoEndpoint });
  const { Items = [] } = await client.query({
    TableName: engine.tables.state,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :run)',
    ExpressionAttributeValues: { ':pk': `customer#${customerId}`, ':run': 'run#' },
  });
  for (const { pk, sk } of Items) await client.delete({ TableName: engine.tables.state, Key: { pk, sk } });
  return Items.length;
}

/** DELETE /customers/{id} or GET /customers/{id}/export through the route `journeys serve` answers. */
export async function askRights(engine: LocalEngine, route: 'erase' | 'export', id: string) {
  const response = await customerRights(engine, { method: route === 'erase' ? 'DELETE' : 'GET', route, id });
  return { status: response.statusCode, body: JSON.parse(response.body) as Record<string, unknown> };
}

/**
 * Customers who sign up at 20:30 in New York with every channel and a phone device: the journey
 * grants the gift and writes to them on four channels; the orderers' thank-you is deferred to
 * their morning. Played until 02:00 UTC, when every kind of record exists and one is pending.
 */
export async function playErasureScenario(
  customers: readonly ScenarioCustomer[],
  orderers: readonly ScenarioCustomer[],
): Promise<ErasureScenario> {
  const sns = standInSns();
  const noWait = async () => {};
  const delivered: OutgoingMessage[] = [];
  const engine = await LocalEngine.start({
    catalog: await catalogFromWorkspace(WORKSPACE, [ERASURE_JOURNEY]),
    startAt: ERASURE_START,
    // Five messages in a day: over the default cap of three.
    environment: { FREQUENCY_CAP_PER_DAY: '10' },
    onDeliver: (messages) => delivered.push(...messages),
    channels: { push: new SnsPushAdapter(sns.client, { wait: noWait }) },
    devices: new SnsDeviceRegistrar(sns.client, { fcm: FCM_APP }, { wait: noWait }),
  });
  await postAndTick(
    engine,
    customers.flatMap((customer) => [
      event(engine, `signup-${customer.id}`, customer.id, 'signup', {
        timezone: 'America/New_York',
        email: customer.email,
        phone: customer.phone,
        consent: { email: true, sms: true, push: true, in_app: true },
        attributes: { first_name: 'Robin' },
      }),
      event(engine, `device-${customer.id}`, customer.id, 'device_registered', {
        platform: 'fcm',
        token: customer.token,
      }),
    ]),
  );
  await engine.advanceTo(ERASURE_START + 15 * 60_000);
  if (orderers.length > 0)
    await post(
      engine,
      orderers.map((customer) =>
        event(engine, `order-${customer.id}`, customer.id, 'purchase', {
          orderId: `o-${customer.id}`,
          orderValue: 80,
        }),
      ),
    );
  await playUntil(engine, ERASURE_START + 1.5 * HOUR_MS);
  return { engine, sns, delivered };
}
