import { expect, test } from 'vitest';
import type { OperationCounts } from '../../engine/engine.ts';
import { DynamoUsage } from '../../engine/metering/dynamo-usage.ts';
import { formatReport, reportJson } from '../../simulation/report.ts';

const operations = (): OperationCounts => {
  const dynamo = new DynamoUsage();
  dynamo.requests.set('PutItem', 3);
  dynamo.writeUnitsByTable.set('journeys-local-outbox', 2);
  dynamo.writeUnitsByTable.set('journeys-local-state', 5);
  dynamo.writeCapacity = 7;
  return {
    standardTransitions: 30,
    expressChildren: 4,
    expressTransitions: 4,
    lambdaInvocations: { send: 4 },
    dynamo,
    byJourney: {
      'preheat-618': { executions: 1, standardTransitions: 10, expressChildren: 1 },
      'cart-nudge': { executions: 2, standardTransitions: 20, expressChildren: 3 },
    },
    byPayer: {
      'events-api': {
        lambdaInvocations: {},
        dynamo: { requests: 2, readCapacity: 1, writeCapacity: 3, providerWriteCapacity: 0 },
      },
      'preheat-618': {
        lambdaInvocations: { send: 4 },
        dynamo: { requests: 1, readCapacity: 0.5, writeCapacity: 4, providerWriteCapacity: 2 },
      },
    },
  };
};

test('the printed operations say where the Step Functions work goes, journey by journey', () => {
  const printed = formatReport([], operations());

  expect(printed).toContain(
    'by journey: cart-nudge 2 executions, 20 transitions, 3 children; preheat-618 1 executions, 10 transitions, 1 children',
  );
});

test('the printed operations say who the DynamoDB requests and units are charged to', () => {
  const printed = formatReport([], operations());

  expect(printed).toContain(
    'by payer: events-api 2 requests, 1 read and 3 write units; preheat-618 1 requests, 1 read and 4 write units',
  );
});

test('the JSON report gives write units by logical table, the outbox apart', () => {
  const json = reportJson(
    {},
    { funnels: [], operations: operations(), events: 0, messages: 0, failedExecutions: 0 },
  );

  expect(json.operations).toMatchObject({
    dynamo: { writeUnitsByTable: { customers: 0, events: 0, state: 5, outbox: 2 } },
    byJourney: { 'cart-nudge': { executions: 2 } },
  });
});
