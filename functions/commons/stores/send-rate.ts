import type { Channel } from '../../../workflows/schema/index.ts';
import { slotIntervalUs } from '../channels/pacing.ts';
import { isConditionFailure } from '../dynamo/batch.ts';
import type { DocumentClient } from '../dynamo/document-client.ts';
import { stateKeys } from '../dynamo/keys.ts';

/** How often a reservation tries again when another one moved the cursor between its two writes. */
const RESERVE_ATTEMPTS = 10;

/**
 * The send slots of each paced channel: one item per channel whose `nextSlotUs` is the first free
 * slot, in microseconds since the epoch (whole numbers, so DynamoDB adds them exactly).
 */
export interface SendRateStore {
  /**
   * Reserves `count` consecutive slots `1/perSecond` apart, none before `now`, and returns the first
   * (microseconds since the epoch). One conditional write for the whole batch, whoever else reserves.
   */
  reserve(channel: Channel, count: number, now: number, perSecond: number): Promise<number>;
}

export class DynamoSendRateStore implements SendRateStore {
  constructor(
    private readonly client: DocumentClient,
    private readonly table: string,
  ) {}

  async reserve(channel: Channel, count: number, now: number, perSecond: number): Promise<number> {
    if (!(Number.isInteger(count) && count > 0))
      throw new RangeError(`expected a whole number of slots above 0, got ${count}`);
    const span = count * slotIntervalUs(perSecond);
    const nowUs = Math.ceil(now * 1000);
    const key = stateKeys.sendRate(channel);
    for (let attempt = 1; ; attempt += 1) {
      // A busy channel: the cursor is ahead of now, so the batch takes the slots after it.
      try {
        const output = await this.client.update({
          TableName: this.table,
          Key: key,
          UpdateExpression: 'ADD nextSlotUs :span',
          ConditionExpression: 'nextSlotUs >= :now',
          ExpressionAttributeValues: { ':span': span, ':now': nowUs },
          ReturnValues: 'UPDATED_NEW',
        });
        return Number(output.Attributes?.nextSlotUs) - span;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      // An idle channel: its slots before now are gone unused, so the batch starts now.
      try {
        await this.client.update({
          TableName: this.table,
          Key: key,
          UpdateExpression: 'SET nextSlotUs = :next',
          ConditionExpression: 'attribute_not_exists(nextSlotUs) OR nextSlotUs < :now',
          ExpressionAttributeValues: { ':next': nowUs + span, ':now': nowUs },
        });
        return nowUs;
      } catch (error) {
        if (!isConditionFailure(error) || attempt >= RESERVE_ATTEMPTS) throw error;
      }
    }
  }
}
