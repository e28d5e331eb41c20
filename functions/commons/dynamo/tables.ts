/**
 * The DynamoDB tables, described once for both the CDK app and the local engine.
 * Every table keys on "pk" (and "sk" where it has one); docs/data-model.md explains the items.
 */
export interface TableSpec {
  readonly logicalName: 'customers' | 'events' | 'state' | 'outbox';
  readonly sortKey: boolean;
  readonly ttlAttribute?: string;
  readonly globalIndexes: readonly {
    readonly name: string;
    readonly partitionKey: string;
    readonly sortKey: string;
  }[];
}

export const TABLES: readonly TableSpec[] = [
  { logicalName: 'customers', sortKey: false, globalIndexes: [] },
  { logicalName: 'events', sortKey: true, ttlAttribute: 'expiresAt', globalIndexes: [] },
  { logicalName: 'state', sortKey: true, ttlAttribute: 'expiresAt', globalIndexes: [] },
  { logicalName: 'outbox', sortKey: false, ttlAttribute: 'expiresAt', globalIndexes: [] },
];

export interface TableNames {
  readonly customers: string;
  readonly events: string;
  readonly state: string;
  readonly outbox?: string;
}

export function tableNames(prefix: string): Required<TableNames> {
  return {
    customers: `${prefix}-customers`,
    events: `${prefix}-events`,
    state: `${prefix}-state`,
    outbox: `${prefix}-outbox`,
  };
}

/** The tables of a deployed stage: the CDK app names them so, and `journeys report --stage` reads them. */
export function stageTableNames(stage: string): Required<TableNames> {
  return tableNames(stageTablePrefix(stage));
}

export function stageTablePrefix(stage: string): string {
  return `journeys-${stage}`;
}
