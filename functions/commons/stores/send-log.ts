import type { Channel } from '../../../workflows/schema/index.ts';
import { batchGet } from '../dynamo/batch.ts';
import type { DocumentClient } from '../dynamo/document-client.ts';
import { putOnVersion } from '../dynamo/item-writes.ts';
import { type SendLogPlace, sendKey, stateKeys } from '../dynamo/keys.ts';
import { queryAll } from '../dynamo/query.ts';
import { expiresAt, RETENTION } from '../dynamo/ttl.ts';
import { mapLimit } from '../util/concurrency.ts';
import { isPseudonym } from '../util/pseudonym.ts';

export type SendOutcome =
  | 'sent'
  | 'skipped_consent'
  | 'skipped_unsubscribed'
  | 'skipped_suppressed'
  | 'skipped_no_address'
  | 'skipped_no_device'
  | 'skipped_no_offer'
  | 'deferred_quiet_hours'
  | 'capped'
  /** The provider refused the message for good (an invalid address, a paused account). */
  | 'rejected';

/** One record per message: its idempotency key and what became of it, filed in its shard's send log. */
export interface SendRecord extends SendLogPlace {
  readonly idempotencyKey: string;
  readonly customerId: string;
  readonly channel: Channel;
  readonly template: string;
  readonly offer?: string;
  readonly outcome: SendOutcome;
  readonly at: number;
}

/** How many records of each outcome the send log items just written hold. */
export type OutcomeTally = Record<SendOutcome, number>;

export function tallyOutcomes(entries: Iterable<{ readonly outcome: SendOutcome }>): OutcomeTally {
  const tally: OutcomeTally = {
    sent: 0,
    skipped_consent: 0,
    skipped_unsubscribed: 0,
    skipped_suppressed: 0,
    skipped_no_address: 0,
    skipped_no_device: 0,
    skipped_no_offer: 0,
    deferred_quiet_hours: 0,
    capped: 0,
    rejected: 0,
  };
  for (const entry of entries) tally[entry.outcome] += 1;
  return tally;
}

/** A message's entry in a send log item, under its customer id. */
export interface SendLogEntry {
  readonly idempotencyKey: string;
  readonly outcome: SendOutcome;
  readonly at: number;
}

interface SendLogItem extends SendLogPlace {
  readonly pk: string;
  readonly sk: string;
  readonly channel: Channel;
  readonly template: string;
  readonly offer?: string;
  readonly messages: Record<string, SendLogEntry>;
  /** Counts the writes, so a merge never overwrites one it did not read. */
  readonly version?: number;
  readonly expiresAt: number;
}

/** The send log: one record per message, filed by shard and step, which a re-touch reads as who was reached. */
export interface SendLogStore {
  /**
   * Files each message's record in the send log of its shard and step, one item holding them all,
   * so a shard's records cost a write unit per kilobyte, not one write each. Records already in
   * the item are kept unless a new one replaces them (a deferred send delivered later, a retried
   * shard, an attempt still running beside its retry): each put is conditional on the version it
   * merged into. `logged` says the items are expected to exist, so they are read first. Returns
   * the outcomes of every record in the items written, earlier ones included.
   */
  recordSends(records: readonly SendRecord[], options: { logged: boolean }): Promise<OutcomeTally>;
  /** The records in the send log of one shard and step, by customer id. */
  loggedSends(place: SendLogPlace): Promise<Map<string, SendLogEntry>>;
  /**
   * Customers a run sent to, from its send logs. With `part`, only the log buckets `b` with
   * `b % part.of === part.index`: a customer's records are all in their shard's bucket, so parts
   * are disjoint and parallel snapshot segments read their own.
   */
  reachedCustomers(journeyId: string, runId: string, part?: { index: number; of: number }): Promise<string[]>;
  /** The customer's records in the send logs of these places (read by key, 100 a request). */
  recordsOf(customerId: string, places: readonly SendLogPlace[]): Promise<LoggedSend[]>;
  /**
   * Files the customer's records at these places under `pseudonym` instead (their idempotency
   * keys too): the counts a retried send step sets from the log stay, the customer id goes.
   */
  pseudonymize(customerId: string, places: readonly SendLogPlace[], pseudonym: string): Promise<void>;
}

/** A customer's record in a send log, with the place and the message it is about. */
export interface LoggedSend extends SendLogPlace, SendLogEntry {
  readonly channel: Channel;
  readonly template: string;
  readonly offer?: string;
}

export class DynamoSendLogStore implements SendLogStore {
  constructor(
    private readonly client: DocumentClient,
    private readonly table: string,
  ) {}

  async recordSends(records: readonly SendRecord[], options: { logged: boolean }): Promise<OutcomeTally> {
    const items = new Map<string, SendLogItem>();
    for (const record of records) {
      const key = stateKeys.sendLog(record);
      const id = `${key.pk}\u0000${key.sk}`;
      const item = items.get(id) ?? {
        ...key,
        journeyId: record.journeyId,
        runId: record.runId,
        stepId: record.stepId,
        cohortId: record.cohortId,
        shard: record.shard,
        channel: record.channel,
        template: record.template,
        ...(record.offer === undefined ? {} : { offer: record.offer }),
        messages: {},
        expiresAt: expiresAt(record.at, RETENTION.sendRecord),
      };
      item.messages[record.customerId] = {
        idempotencyKey: record.idempotencyKey,
        outcome: record.outcome,
        at: record.at,
      };
      items.set(id, item);
    }
    const earlier = new Map<string, SendLogItem>();
    if (options.logged) {
      const found = await batchGet<SendLogItem>(
        this.client,
        this.table,
        [...items.values()].map(({ pk, sk }) => ({ pk, sk })),
        { consistent: true },
      );
      for (const item of found) earlier.set(`${item.pk}\u0000${item.sk}`, item);
    }
    // Each put goes over the records the item holds, conditional on the version it merged into.
    const written = await mapLimit([...items], 8, async ([id, item]) => {
      const { written: merged } = await putOnVersion<SendLogItem>(
        this.client,
        this.table,
        { pk: item.pk, sk: item.sk },
        (stored) => ({ ...item, messages: { ...stored?.messages, ...item.messages } }),
        // Read above when expected to exist, else tried as new.
        { assumeStored: { item: earlier.get(id) } },
      );
      return merged?.messages ?? {};
    });
    return tallyOutcomes(written.flatMap((messages) => Object.values(messages)));
  }

  async loggedSends(place: SendLogPlace): Promise<Map<string, SendLogEntry>> {
    const { Item: item } = await this.client.get({
      TableName: this.table,
      Key: stateKeys.sendLog(place),
      ConsistentRead: true,
    });
    return new Map(Object.entries((item as Pick<SendLogItem, 'messages'> | undefined)?.messages ?? {}));
  }

  async reachedCustomers(journeyId: string, runId: string, part = { index: 0, of: 1 }): Promise<string[]> {
    const pages = await Promise.all(
      stateKeys
        .sendLogPartitions(journeyId, runId)
        .filter((_, bucket) => bucket % part.of === part.index)
        .map((pk) => queryAll<Pick<SendLogItem, 'messages'>>(this.client, this.table, pk)),
    );
    // A customer may have records in several items (several send steps), all in one bucket.
    const reached = new Set<string>();
    // An erased customer's record is kept for the counts; they are no one to reach again.
    for (const item of pages.flat())
      for (const [customerId, entry] of Object.entries(item.messages ?? {}))
        if (entry.outcome === 'sent' && !isPseudonym(customerId)) reached.add(customerId);
    return [...reached].sort();
  }

  async recordsOf(customerId: string, places: readonly SendLogPlace[]): Promise<LoggedSend[]> {
    // BatchGetItem refuses a key twice.
    const keys = new Map(
      places.map((place) => stateKeys.sendLog(place)).map((key) => [`${key.pk}\u0000${key.sk}`, key]),
    );
    const items = await batchGet<SendLogItem>(this.client, this.table, [...keys.values()], {
      consistent: true,
    });
    return items.flatMap(
      ({ journeyId, runId, stepId, cohortId, shard, channel, template, offer, messages }) => {
        const entry = messages?.[customerId];
        if (!entry) return [];
        const message = { channel, template, ...(offer === undefined ? {} : { offer }) };
        return [{ journeyId, runId, stepId, cohortId, shard, ...message, ...entry }];
      },
    );
  }

  async pseudonymize(customerId: string, places: readonly SendLogPlace[], pseudonym: string): Promise<void> {
    await mapLimit(places, 8, (place) =>
      putOnVersion<SendLogItem>(this.client, this.table, stateKeys.sendLog(place), (stored) => {
        const entry = stored?.messages[customerId];
        if (!stored || !entry) return undefined;
        const { [customerId]: _erased, ...others } = stored.messages;
        const renamed = { ...entry, idempotencyKey: sendKey(place.runId, place.stepId, pseudonym) };
        return { ...stored, messages: { ...others, [pseudonym]: renamed } };
      }),
    );
  }
}
