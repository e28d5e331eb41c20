import type { DocumentClient } from '../dynamo/document-client.ts';
import { stateKeys, TRAIL_SK } from '../dynamo/keys.ts';
import { queryAll } from '../dynamo/query.ts';
import { expiresAt, RETENTION } from '../dynamo/ttl.ts';
import type { Membership } from './enrollments.ts';

/**
 * A run membership goes a month after the run stops attributing, but the records the run wrote
 * about the customer (send log, shards, grants, holdout passages, outbox) stay for a year and
 * more. The trail is the membership kept as long as they are, so an erasure still finds them.
 */
export function trailPut(membership: Membership) {
  const { customerId, journeyId, runId, shard, enteredAt, group, attributeUntil } = membership;
  return {
    PutRequest: {
      Item: {
        ...stateKeys.runTrail(customerId, journeyId, runId),
        journeyId,
        runId,
        shard,
        enteredAt,
        group,
        attributeUntil,
        expiresAt: expiresAt(enteredAt, RETENTION.runTrail),
      },
    },
  };
}

/** The customer's trails: every run they entered whose records may still be kept. */
export async function trailsOf(
  client: DocumentClient,
  table: string,
  customerId: string,
): Promise<Membership[]> {
  const items = await queryAll<Omit<Membership, 'customerId'>>(
    client,
    table,
    stateKeys.runTrail(customerId, '', '').pk,
    { prefix: TRAIL_SK },
  );
  return items.map(({ journeyId, runId, shard, enteredAt, group, attributeUntil }) => ({
    journeyId,
    runId,
    customerId,
    shard,
    enteredAt,
    group,
    attributeUntil,
  }));
}
