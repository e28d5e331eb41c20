import { isConditionFailure } from '../dynamo/batch.ts';
import type { DocumentClient } from '../dynamo/document-client.ts';
import { stateKeys } from '../dynamo/keys.ts';
import { expiresAt } from '../dynamo/ttl.ts';

/**
 * Leases over work that must not run twice at once, by conditional writes: they hold in AWS and on
 * the local engine alike, whatever runs the work (a Lambda's reserved concurrency holds only there).
 */
export interface LeaseStore {
  /**
   * Takes the lease for `holder` until `until`, unless another holder has it past `now`. A holder
   * that stops without giving it back (a Lambda timed out) loses it at `until`.
   */
  acquire(name: string, holder: string, now: number, until: number): Promise<boolean>;
  /** Gives the lease back, if `holder` still has it. */
  release(name: string, holder: string): Promise<void>;
}

export class DynamoLeaseStore implements LeaseStore {
  constructor(
    private readonly client: DocumentClient,
    private readonly table: string,
  ) {}

  async acquire(name: string, holder: string, now: number, until: number): Promise<boolean> {
    try {
      await this.client.put({
        TableName: this.table,
        Item: { ...stateKeys.lease(name), holder, heldUntil: until, expiresAt: expiresAt(until, 0) },
        ConditionExpression: 'attribute_not_exists(pk) OR heldUntil < :now OR holder = :holder',
        ExpressionAttributeValues: { ':now': now, ':holder': holder },
      });
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async release(name: string, holder: string): Promise<void> {
    try {
      await this.client.delete({
        TableName: this.table,
        Key: stateKeys.lease(name),
        ConditionExpression: 'holder = :holder',
        ExpressionAttributeValues: { ':holder': holder },
      });
    } catch (error) {
      // Held by another since ours ran out: theirs to give back.
      if (!isConditionFailure(error)) throw error;
    }
  }
}
