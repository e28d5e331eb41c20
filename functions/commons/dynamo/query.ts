import type { DocumentClient } from './document-client.ts';

/**
 * Every item of a partition (optionally an sk range or prefix), following pages; `consistent`
 * reads what was written just before, at twice the read units.
 */
export async function queryAll<T>(
  client: DocumentClient,
  table: string,
  pk: string,
  range?: { prefix?: string; from?: string; to?: string },
  options: { consistent?: boolean } = {},
): Promise<T[]> {
  const items: T[] = [];
  let startKey: Record<string, unknown> | undefined;
  let condition = '#pk = :pk';
  const values: Record<string, unknown> = { ':pk': pk };
  if (range?.prefix !== undefined) {
    condition += ' AND begins_with(#sk, :prefix)';
    values[':prefix'] = range.prefix;
  } else if (range?.from !== undefined && range.to !== undefined) {
    condition += ' AND #sk BETWEEN :from AND :to';
    values[':from'] = range.from;
    values[':to'] = range.to;
  }
  const names: Record<string, string> = {
    '#pk': 'pk',
    ...(condition.includes('#sk') ? { '#sk': 'sk' } : {}),
  };
  do {
    const output = await client.query({
      TableName: table,
      KeyConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ExclusiveStartKey: startKey,
      ...(options.consistent ? { ConsistentRead: true } : {}),
    });
    items.push(...((output.Items ?? []) as T[]));
    startKey = output.LastEvaluatedKey;
  } while (startKey);
  return items;
}
