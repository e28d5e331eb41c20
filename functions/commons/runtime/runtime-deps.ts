import type { KeyObject } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { ExecutionInput } from '../../../workflows/contracts/execution.ts';
import type { JourneyCatalog } from '../../../workflows/workspace/catalog.ts';
import type { ChannelAdapter } from '../channels/channel-adapter.ts';
import type { DeviceRegistrar } from '../channels/push/device-registrar.ts';
import type { DocumentClient } from '../dynamo/document-client.ts';
import { type CohortStore, DynamoCohortStore } from '../stores/cohorts.ts';
import { type CustomerPartitionStore, DynamoCustomerPartitionStore } from '../stores/customer-partition.ts';
import { type CustomerStore, DynamoCustomerStore } from '../stores/customers.ts';
import { type DeliveryMarkStore, DynamoDeliveryMarkStore } from '../stores/delivery-marks.ts';
import { DynamoEnrollmentStore, type EnrollmentStore } from '../stores/enrollments.ts';
import { DynamoErasureStore, type ErasureStore } from '../stores/erasures.ts';
import { DynamoEventStore, type EventStore } from '../stores/events.ts';
import { DynamoFunnelStore, type FunnelStore } from '../stores/funnel.ts';
import { DynamoHoldoutPassageStore, type HoldoutPassageStore } from '../stores/holdout-passages.ts';
import { DynamoInboxStore, type InboxStore } from '../stores/inbox.ts';
import { DynamoJourneySendStore, type JourneySendStore } from '../stores/journey-sends.ts';
import { DynamoLeaseStore, type LeaseStore } from '../stores/leases.ts';
import { DynamoLedgerStore, type LedgerStore } from '../stores/ledger.ts';
import { DynamoOutboxStore, type OutboxStore } from '../stores/outbox.ts';
import { DynamoPendingWorkStore, type PendingWorkStore } from '../stores/pending-work.ts';
import { DynamoPhoneIndexStore, type PhoneIndexStore } from '../stores/phone-index.ts';
import { DynamoPushMessageStore, type PushMessageStore } from '../stores/push-messages.ts';
import { DynamoRunStore, type RunStore } from '../stores/runs.ts';
import { DynamoSendRateStore, type SendRateStore } from '../stores/send-rate.ts';
import { DynamoSignalStore, type SignalStore } from '../stores/signals.ts';
import type { Clock } from './clock.ts';
import type { RuntimeConfig } from './config.ts';

/**
 * Starts an execution of a journey's state machine, on the version its run names. A run that
 * names none starts its first cohort: on the version the journey's alias routes to, which the
 * starter writes into the run so that its forks follow it. "exists" when that name was started before.
 */
export interface ExecutionStarter {
  start(journeyId: string, executionName: string, input: ExecutionInput): Promise<'started' | 'exists'>;
}

export interface Stores {
  readonly customers: CustomerStore;
  readonly events: EventStore;
  readonly enrollments: EnrollmentStore;
  readonly cohorts: CohortStore;
  readonly signals: SignalStore;
  readonly ledger: LedgerStore;
  /** The provider calls accepted, so that no container sends a message again. */
  readonly deliveryMarks: DeliveryMarkStore;
  /** The pushes SNS took, by message id, for its delivery status logs. */
  readonly pushMessages: PushMessageStore;
  readonly funnel: FunnelStore;
  readonly runs: RunStore;
  readonly pendingWork: PendingWorkStore;
  readonly sendRates: SendRateStore;
  /** Leases over work one invocation at a time may do (the ticker's deferred sends). */
  readonly leases: LeaseStore;
  /** Phone number → customers, for the SMS replies that name only the number. */
  readonly phoneIndex: PhoneIndexStore;
  /** Who passed each holdout step, in which group, for the lift of the rest of the journey. */
  readonly holdoutPassages: HoldoutPassageStore;
  /** What each journey sent each customer, for the journey's limits. */
  readonly journeySends: JourneySendStore;
  /** Customers' in-app inboxes. */
  readonly inbox: InboxStore;
  /** Tombstones of erased customers, and their pseudonyms. */
  readonly erasures: ErasureStore;
  /** Everything filed under a customer's own partition of the state table, as a whole. */
  readonly customerPartition: CustomerPartitionStore;
  /** The messages the outbox table keeps, where the stage has one. */
  readonly outbox?: OutboxStore;
}

/** What every handler's logic receives: stores as interfaces, the clock, config and the catalog. */
export interface RuntimeDeps {
  readonly config: RuntimeConfig;
  readonly clock: Clock;
  readonly catalog: JourneyCatalog;
  readonly stores: Stores;
  readonly channels: ChannelAdapter;
  /** Waits until a moment of `clock`, for paced delivery. @default a timer (the system clock) */
  readonly sleepUntil?: (at: number) => Promise<void>;
  /** The HMAC key of one-click unsubscribe links, for the functions that sign or check them. */
  readonly unsubscribeKey?: KeyObject;
  /** Keeps push devices' SNS platform endpoints, for ingest. @default none: devices are stored without one */
  readonly devices?: DeviceRegistrar;
  readonly executions: ExecutionStarter;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** The stores over DynamoDB; `pseudonymKey` keys erasure tombstones and pseudonyms (stores/erasures.ts). */
export function dynamoStores(
  client: DocumentClient,
  config: RuntimeConfig,
  clock: Clock,
  pseudonymKey?: KeyObject,
): Stores {
  const state = config.STATE_TABLE;
  return {
    customers: new DynamoCustomerStore(client, config.CUSTOMERS_TABLE),
    events: new DynamoEventStore(client, config.EVENTS_TABLE, config.EVENT_TTL_DAYS),
    enrollments: new DynamoEnrollmentStore(client, state),
    cohorts: new DynamoCohortStore(client, state, clock),
    signals: new DynamoSignalStore(client, state),
    ledger: new DynamoLedgerStore(client, state),
    deliveryMarks: new DynamoDeliveryMarkStore(client, state, clock),
    pushMessages: new DynamoPushMessageStore(client, state, clock),
    funnel: new DynamoFunnelStore(client, state),
    runs: new DynamoRunStore(client, state),
    pendingWork: new DynamoPendingWorkStore(client, state),
    sendRates: new DynamoSendRateStore(client, state),
    leases: new DynamoLeaseStore(client, state),
    phoneIndex: new DynamoPhoneIndexStore(client, state),
    holdoutPassages: new DynamoHoldoutPassageStore(client, state),
    journeySends: new DynamoJourneySendStore(client, state),
    inbox: new DynamoInboxStore(client, state),
    erasures: new DynamoErasureStore(client, state, pseudonymKey),
    customerPartition: new DynamoCustomerPartitionStore(client, state),
    ...(config.OUTBOX_TABLE ? { outbox: new DynamoOutboxStore(client, config.OUTBOX_TABLE) } : {}),
  };
}
