import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLES, type TableSpec } from '../../functions/commons/dynamo/tables.ts';

export interface JourneyTablesProps {
  /** Prefix of the table names, e.g. "journeys-staging". */
  readonly namePrefix: string;
  /**
   * Refuse deletion of the tables and keep them when the stack goes.
   * @default true: production data outlives a mistaken `cdk destroy`
   */
  readonly protectData?: boolean;
  /**
   * Write units per second the state table (the one a campaign's fan-out writes to) serves at
   * once: set it before a big campaign, so the first sends are not held to a new table's 4,000/s.
   * @default none
   */
  readonly warmWritesPerSecond?: number;
}

/** The four tables of docs/data-model.md: on demand, encrypted, point-in-time recovery, TTL where the model says. */
export class JourneyTables extends Construct {
  readonly customers: TableV2;
  readonly events: TableV2;
  readonly state: TableV2;
  readonly outbox: TableV2;

  constructor(scope: Construct, id: string, props: JourneyTablesProps) {
    super(scope, id);
    const protect = props.protectData ?? true;
    const table = (spec: TableSpec) =>
      new TableV2(this, spec.logicalName, {
        tableName: `${props.namePrefix}-${spec.logicalName}`,
        partitionKey: { name: 'pk', type: AttributeType.STRING },
        ...(spec.sortKey ? { sortKey: { name: 'sk', type: AttributeType.STRING } } : {}),
        billing: Billing.onDemand(),
        encryption: TableEncryptionV2.awsManagedKey(),
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        timeToLiveAttribute: spec.ttlAttribute,
        deletionProtection: protect,
        removalPolicy: protect ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        ...(spec.logicalName === 'state' && props.warmWritesPerSecond
          ? { warmThroughput: { writeUnitsPerSecond: props.warmWritesPerSecond } }
          : {}),
      });
    const bySpec = Object.fromEntries(TABLES.map((spec) => [spec.logicalName, table(spec)]));
    this.customers = bySpec.customers as TableV2;
    this.events = bySpec.events as TableV2;
    this.state = bySpec.state as TableV2;
    this.outbox = bySpec.outbox as TableV2;
  }
}
