import {
  type AttributeValue,
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  type KeysAndAttributes,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import type {
  BatchGetCommandInput,
  BatchGetCommandOutput,
  BatchWriteCommandInput,
  BatchWriteCommandOutput,
  DeleteCommandInput,
  DeleteCommandOutput,
  GetCommandInput,
  GetCommandOutput,
  PutCommandInput,
  PutCommandOutput,
  QueryCommandInput,
  QueryCommandOutput,
  ScanCommandInput,
  ScanCommandOutput,
  UpdateCommandInput,
  UpdateCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import {
  marshall,
  type marshallOptions,
  type NativeAttributeValue,
  unmarshall,
} from '@aws-sdk/util-dynamodb';
import { marshallable } from './marshallable.ts';

type NativeItem = Record<string, NativeAttributeValue>;
type StoredItem = Record<string, AttributeValue>;

/** The legacy parameters (Expected, AttributeUpdates, KeyConditions, filters) are not offered: expressions replace them. */
export type GetInput = GetCommandInput;
export type PutInput = Omit<PutCommandInput, 'Expected'>;
export type UpdateInput = Omit<UpdateCommandInput, 'Expected' | 'AttributeUpdates'>;
export type DeleteInput = Omit<DeleteCommandInput, 'Expected'>;
export type QueryInput = Omit<QueryCommandInput, 'KeyConditions' | 'QueryFilter'>;
export type ScanInput = Omit<ScanCommandInput, 'ScanFilter'>;
export type BatchGetInput = BatchGetCommandInput;
export type BatchWriteInput = BatchWriteCommandInput;

export type GetOutput = GetCommandOutput;
export type PutOutput = Omit<PutCommandOutput, 'ItemCollectionMetrics'>;
export type UpdateOutput = Omit<UpdateCommandOutput, 'ItemCollectionMetrics'>;
export type DeleteOutput = Omit<DeleteCommandOutput, 'ItemCollectionMetrics'>;
export type QueryOutput = QueryCommandOutput;
export type ScanOutput = ScanCommandOutput;
export type BatchGetOutput = BatchGetCommandOutput;
export type BatchWriteOutput = Omit<BatchWriteCommandOutput, 'ItemCollectionMetrics'>;

/**
 * The document API of lib-dynamodb (plain JavaScript values in and out, converted by
 * util-dynamodb) over a DynamoDBClient created with `cacheMiddleware: true`, which resolves each
 * command's middleware stack once instead of on every request. lib-dynamodb's
 * DynamoDBDocumentClient refuses that option, and building the stack per request is much of the
 * client's CPU per request (docs/performance.md); in Lambda that is billed time on every claim and
 * profile write of a 500-customer shard. Items are plain objects: a class instance is refused, as
 * util-dynamodb refuses it without `convertClassInstanceToMap`.
 */
export class DocumentClient {
  constructor(
    /** The low-level client, for the commands that carry no items (DescribeTable, say). */
    readonly base: DynamoDBClient,
    private readonly options: marshallOptions = {},
  ) {}

  async get(input: GetInput): Promise<GetOutput> {
    const { Item, ...output } = await this.base.send(
      new GetItemCommand({ ...input, Key: this.#marshall(input.Key) }),
    );
    return { ...output, Item: unmarshallItem(Item) };
  }

  async put(input: PutInput): Promise<PutOutput> {
    return written(
      await this.base.send(
        new PutItemCommand({
          ...input,
          Item: this.#marshall(input.Item),
          ExpressionAttributeValues: this.#marshallOptional(input.ExpressionAttributeValues),
        }),
      ),
    );
  }

  async update(input: UpdateInput): Promise<UpdateOutput> {
    return written(
      await this.base.send(
        new UpdateItemCommand({
          ...input,
          Key: this.#marshall(input.Key),
          ExpressionAttributeValues: this.#marshallOptional(input.ExpressionAttributeValues),
        }),
      ),
    );
  }

  async delete(input: DeleteInput): Promise<DeleteOutput> {
    return written(
      await this.base.send(
        new DeleteItemCommand({
          ...input,
          Key: this.#marshall(input.Key),
          ExpressionAttributeValues: this.#marshallOptional(input.ExpressionAttributeValues),
        }),
      ),
    );
  }

  async query(input: QueryInput): Promise<QueryOutput> {
    return page(
      await this.base.send(
        new QueryCommand({
          ...input,
          ExpressionAttributeValues: this.#marshallOptional(input.ExpressionAttributeValues),
          ExclusiveStartKey: this.#marshallOptional(input.ExclusiveStartKey),
        }),
      ),
    );
  }

  async scan(input: ScanInput): Promise<ScanOutput> {
    return page(
      await this.base.send(
        new ScanCommand({
          ...input,
          ExpressionAttributeValues: this.#marshallOptional(input.ExpressionAttributeValues),
          ExclusiveStartKey: this.#marshallOptional(input.ExclusiveStartKey),
        }),
      ),
    );
  }

  async batchGet(input: BatchGetInput): Promise<BatchGetOutput> {
    const requestItems: Record<string, KeysAndAttributes> = {};
    for (const [table, request] of Object.entries(input.RequestItems ?? {}))
      requestItems[table] = { ...request, Keys: request.Keys?.map((key) => this.#marshall(key)) };
    const { Responses, UnprocessedKeys, ...output } = await this.base.send(
      new BatchGetItemCommand({ ...input, RequestItems: requestItems }),
    );
    return {
      ...output,
      Responses: Responses && mapValues(Responses, (items) => items.map(unmarshallRecord)),
      UnprocessedKeys:
        UnprocessedKeys &&
        mapValues(UnprocessedKeys, (request) => ({ ...request, Keys: request.Keys?.map(unmarshallRecord) })),
    };
  }

  async batchWrite(input: BatchWriteInput): Promise<BatchWriteOutput> {
    const requestItems: Record<string, WriteRequest[]> = {};
    for (const [table, requests] of Object.entries(input.RequestItems ?? {}))
      requestItems[table] = requests.map((request) => convertWrite(request, (item) => this.#marshall(item)));
    const {
      UnprocessedItems,
      ItemCollectionMetrics: _metrics,
      ...output
    } = await this.base.send(new BatchWriteItemCommand({ ...input, RequestItems: requestItems }));
    return {
      ...output,
      UnprocessedItems:
        UnprocessedItems &&
        mapValues(UnprocessedItems, (requests) =>
          requests.map((request) => convertWrite(request, (item) => unmarshallRecord(item ?? {}))),
        ),
    };
  }

  destroy(): void {
    this.base.destroy();
  }

  #marshall(item: NativeItem | undefined): StoredItem {
    return marshall(marshallable(item ?? {}), this.options) as StoredItem;
  }

  #marshallOptional(item: NativeItem | undefined): StoredItem | undefined {
    return item === undefined ? undefined : this.#marshall(item);
  }
}

/** A write's answer with its old or new attributes as plain values; item collection metrics are never asked for. */
function written<T extends { Attributes?: StoredItem; ItemCollectionMetrics?: unknown }>(
  output: T,
): Omit<T, 'Attributes' | 'ItemCollectionMetrics'> & { Attributes?: NativeItem } {
  const { Attributes, ItemCollectionMetrics: _metrics, ...rest } = output;
  return { ...rest, Attributes: unmarshallItem(Attributes) };
}

/** A page of a query or scan with its items and start key as plain values. */
function page<T extends { Items?: StoredItem[]; LastEvaluatedKey?: StoredItem }>(
  output: T,
): Omit<T, 'Items' | 'LastEvaluatedKey'> & { Items?: NativeItem[]; LastEvaluatedKey?: NativeItem } {
  const { Items, LastEvaluatedKey, ...rest } = output;
  return { ...rest, Items: Items?.map(unmarshallRecord), LastEvaluatedKey: unmarshallItem(LastEvaluatedKey) };
}

/** A put or delete request with its item or key converted, one way or the other. */
function convertWrite<From, To>(
  request: { PutRequest?: { Item?: From }; DeleteRequest?: { Key?: From } },
  convert: (item: From | undefined) => To,
): { PutRequest?: { Item: To }; DeleteRequest?: { Key: To } } {
  return {
    ...(request.PutRequest && { PutRequest: { Item: convert(request.PutRequest.Item) } }),
    ...(request.DeleteRequest && { DeleteRequest: { Key: convert(request.DeleteRequest.Key) } }),
  };
}

/** unmarshall for one record; `.map(unmarshall)` would pass the index as its options. */
function unmarshallRecord(item: StoredItem): NativeItem {
  return unmarshall(item);
}

function unmarshallItem(item: StoredItem | undefined): NativeItem | undefined {
  return item === undefined ? undefined : unmarshall(item);
}

function mapValues<T, R>(record: Record<string, T>, map: (value: T) => R): Record<string, R> {
  const result: Record<string, R> = {};
  for (const [key, value] of Object.entries(record)) result[key] = map(value);
  return result;
}
