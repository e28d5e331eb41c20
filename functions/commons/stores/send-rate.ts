import type { Channel } from '../../../workflows/schema/index.ts';
import { slotIntervalUs } from '../channels/pacing.ts';
import { isConditionFailure } from '../dynamo/batch.ts';
import type { DocumentClient } from '../dynamo/document-client.ts';
import { stateKeys } from '../dynamo/keys.ts';
import { expiresAt, RETENTION } from '../dynamo/ttl.ts';

/** The slots of one journey's own send rate, beside its channels' ("journey#<id>" sorts apart from them). */
export type JourneyLane = `journey#${string}`;
export const journeyLane = (journeyId: string): JourneyLane => `journey#${journeyId}`;

/** How often a reservation tries again when another one moved the cursor between its two writes. */
const RESERVE_ATTEMPTS = 10;

/**
 * The run of slots a shard's first attempt reserved, kept once it had filed what it deferred: a
 * retry of the shard finds the same slots for the same messages in it.
 */
export interface ShardReservation {
  /** The first slot, in microseconds since the epoch, and the spacing of the run. */
  readonly firstUs: number;
  readonly intervalUs: number;
  /** keysDigest of the messages that took the run, in key order. */
  readonly keys: string;
  /** The attempt's wait deadline (epoch ms): its slots after it were deferred, not sent. */
  readonly deadline: number;
}

/**
 * The send slots of each paced channel: one item per channel whose `nextSlotUs` is the first free
 * slot, in microseconds since the epoch (whole numbers, so DynamoDB adds them exactly).
 */
export interface SendRateStore {
  /**
   * Reserves `count` consecutive slots `1/perSecond` apart, none before `now`, and returns the first
   * (microseconds since the epoch). One conditional write for the whole batch, whoever else reserves.
   * The lane is a channel, or a journey's own rate (journeyLane).
   */
  reserve(lane: Channel | JourneyLane, count: number, now: number, perSecond: number): Promise<number>;
  /** The first free slot of a channel (epoch ms), if it was ever reserved. */
  nextSlot(channel: Channel): Promise<number | undefined>;
  /** What a shard's earlier attempt reserved on `channel`, under the shard's id. */
  reservation(channel: Channel, shardId: string): Promise<ShardReservation | undefined>;
  /** Keeps a shard's reservation, unless an earlier attempt kept one. */
  keepReservation(channel: Channel, shardId: string, kept: ShardReservation, now: number): Promise<void>;
}

export class DynamoSendRateStore implements SendRateStore {
  constructor(
    private readonly client: DocumentClient,
    private readonly table: string,
  ) {}

  async reserve(lane: Channel | JourneyLane, count: number, now: number, perSecond: number): Promise<number> {
    if (!(Number.isInteger(count) && count > 0))
      throw new RangeError(`expected a whole number of slots above 0, got ${count}`);
    const span = count * slotIntervalUs(perSecond);
    const nowUs = Math.ceil(now * 1000);
    const key = stateKeys.sendRate(lane);
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

  async nextSlot(channel: Channel): Promise<number | undefined> {
    const { Item: item } = await this.client.get({
      TableName: this.table,
      Key: stateKeys.sendRate(channel),
      ConsistentRead: true,
    });
    return item?.nextSlotUs === undefined ? undefined : Math.ceil(Number(item.nextSlotUs) / 1000);
  }

  async reservation(channel: Channel, shardId: string): Promise<ShardReservation | undefined> {
    const { Item: item } = await this.client.get({
      TableName: this.table,
      Key: reservationKey(channel, shardId),
      ConsistentRead: true,
    });
    if (!item) return undefined;
    const { firstUs, intervalUs, keys, deadline } = item;
    return {
      firstUs: Number(firstUs),
      intervalUs: Number(intervalUs),
      keys: String(keys),
      deadline: Number(deadline),
    };
  }

  async keepReservation(
    channel: Channel,
    shardId: string,
    kept: ShardReservation,
    now: number,
  ): Promise<void> {
    try {
      await this.client.put({
        TableName: this.table,
        // A retry comes within minutes; the claims' retention is ample.
        Item: {
          ...reservationKey(channel, shardId),
          ...kept,
          expiresAt: expiresAt(now, RETENTION.sendClaim),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      });
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}

/** Beside the channel's cursor: "email#<run>/<step>/<cohort>/<shard>". */
const reservationKey = (channel: Channel, shardId: string) => stateKeys.sendRate(`${channel}#${shardId}`);
