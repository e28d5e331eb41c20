import { type RunBill, runBill } from '../../pricing/run-bill.ts';
import { LOCAL_TABLES } from '../engine.ts';
import type { OperationCounts } from './operations.ts';
import { PAYERS } from './payers.ts';

/**
 * The bill of what the engine counted, whole and by payer. The outbox's write units stand in for
 * the message provider and are left out, like the messages themselves.
 */
export function billOfOperations(operations: OperationCounts, events: number): RunBill {
  const { dynamo } = operations;
  return runBill({
    totals: {
      ...operations,
      dynamo: {
        readCapacity: dynamo.readCapacity,
        writeCapacity: dynamo.writeCapacity,
        providerWriteCapacity: dynamo.writeUnitsByTable.get(LOCAL_TABLES.outbox) ?? 0,
      },
    },
    byJourney: operations.byJourney,
    byPayer: operations.byPayer,
    events,
    eventsApiPayer: PAYERS.eventsApi,
  });
}
