import type { ChannelAdapter, OutgoingMessage } from '../functions/commons/channels/channel-adapter.ts';
import { ChannelRouter } from '../functions/commons/channels/channel-router.ts';
import { DynamoOutbox } from '../functions/commons/channels/outbox.ts';
import type { DeviceRegistrar } from '../functions/commons/channels/push/device-registrar.ts';
import { parseConfig, type RuntimeConfig } from '../functions/commons/runtime/config.ts';
import { createMetrics } from '../functions/commons/runtime/observability.ts';
import type { RuntimeDeps } from '../functions/commons/runtime/runtime-deps.ts';
import { dynamoStores } from '../functions/commons/runtime/runtime-deps.ts';
import { DynamoInboxStore } from '../functions/commons/stores/inbox.ts';
import { createInboxHandler, type InboxRequest, inboxApiEvent } from '../functions/inbox/handler.ts';
import type { HttpResponse } from '../functions/ingest-events/events-request.ts';
import { createIngestEventsHandler } from '../functions/ingest-events/handler.ts';
import { createStartCohortsHandler } from '../functions/start-cohorts/handler.ts';
import { createUnsubscribeHandler, unsubscribeApiEvent } from '../functions/unsubscribe/handler.ts';
import type { UnsubscribeRequest } from '../functions/unsubscribe/unsubscribe.ts';
import type { TaskRole } from '../workflows/compiler/asl.ts';
import { compileJourney } from '../workflows/compiler/compile.ts';
import type { Channel } from '../workflows/schema/index.ts';
import type { JourneyCatalog } from '../workflows/workspace/catalog.ts';
import { type EngineCheckpoint, restoreCheckpoint, takeCheckpoint } from './checkpoint.ts';
import { driverCall, sleeperOn } from './driver-call.ts';
import { type EngineDynamo, type ExternalDynamoOptions, startEngineDynamo } from './engine-dynamo.ts';
import { LocalExecutions } from './executions.ts';
import { JourneyVersions } from './journey-versions.ts';
import { type LocalEmail, type LocalWebhooks, localChannels } from './local-channels.ts';
import { type LocalKeys, localKeys } from './local-keys.ts';
import { localLogger } from './local-logger.ts';
import { localStarter, registerVersions } from './local-starter.ts';
import { type DynamoUsage, UNCHARGED } from './metering/dynamo-usage.ts';
import { Meter } from './metering/meter.ts';
import { type OperationCounts, operationCounts } from './metering/operations.ts';
import { PAYERS } from './metering/payers.ts';
import { LocalStateMachine, type TaskHandler } from './state-machine.ts';
import { tapped } from './tapped-channels.ts';
import { LAMBDA_CONTEXT, taskHandlers } from './task-handlers.ts';
import { VirtualClock } from './virtual-clock.ts';

export type { EngineCheckpoint } from './checkpoint.ts';
export { DYNAMODB_ENDPOINT_VARIABLE, type ExternalDynamoOptions, LOCAL_TABLES } from './engine-dynamo.ts';
export type { OperationCounts } from './metering/operations.ts';

export interface LocalEngineOptions {
  readonly catalog: JourneyCatalog;
  /** Simulated time at which the engine starts (epoch ms). */
  readonly startAt: number;
  /** A folder to persist DynamoDB data in, so a stopped run can resume. @default in memory */
  readonly dataDir?: string;
  /** DynamoDB Local or AWS instead of dynalite. @default $JOURNEYS_DYNAMODB_ENDPOINT, else dynalite in a worker */
  readonly dynamodb?: ExternalDynamoOptions;
  /** Environment overrides (cap, quiet hours, outbox file). */
  readonly environment?: Record<string, string>;
  /** Wraps each task handler, e.g. to inject a fault in a test. */
  readonly wrapTask?: (role: TaskRole, handler: TaskHandler) => TaskHandler;
  /** Told of every delivered message, as a customer would receive it (the simulation's touches). */
  readonly onDeliver?: (messages: readonly OutgoingMessage[]) => void;
  /** Email through the SES adapter at a local SES, as Lambda sends it. @default email to the outbox */
  readonly email?: LocalEmail;
  /** Where webhooks go: a simulation keeps them in the outbox. @default 'receivers', as Lambda calls them */
  readonly webhooks?: LocalWebhooks;
  /** Paced sends wait on real timers, for `journeys serve` on the real clock. @default simulated waits */
  readonly realTime?: boolean;
  /** Adapters that take their channels off the outbox, such as a test's push adapter over a mocked SNS client. @default none */
  readonly channels?: Readonly<Partial<Record<Channel, ChannelAdapter>>>;
  /** Keeps push devices' SNS endpoints as ingest applies device events, as in Lambda. @default none: stored without one */
  readonly devices?: DeviceRegistrar;
}

/**
 * Everything on one machine: dynalite for DynamoDB, aws-local-stepfunctions running the same
 * compiled ASL that CDK deploys, each task bound to the same handler chain Lambda runs, and a
 * virtual clock under every Wait, schedule, minute tick and event time.
 */
export class LocalEngine {
  readonly clock: VirtualClock;
  readonly executions: LocalExecutions;
  /** Every version of every journey, the live one last: executions finish on the version they started on. */
  readonly versions: JourneyVersions;
  /** Dependencies for the driver's own reads and writes (loading customers, reading funnels), charged to no one. */
  readonly deps: RuntimeDeps;
  /**
   * The dependencies whose requests are charged to `payer`: what the handlers of a journey's tasks,
   * the events API (`PAYERS.eventsApi`) and the ticker (`PAYERS.ticker`) use. Tests reach a
   * handler's stores through it to inject faults.
   */
  readonly depsOf: (payer: string) => RuntimeDeps;
  readonly #meter = new Meter();
  readonly #dynamo: EngineDynamo;
  readonly #realTime: boolean;
  readonly #handlers: {
    ingest: ReturnType<typeof createIngestEventsHandler>;
    startCohorts: ReturnType<typeof createStartCohortsHandler>;
    unsubscribe: ReturnType<typeof createUnsubscribeHandler>;
    inbox: ReturnType<typeof createInboxHandler>;
  };

  private constructor(
    dynamo: EngineDynamo,
    options: LocalEngineOptions,
    config: RuntimeConfig,
    keys: LocalKeys,
  ) {
    this.#dynamo = dynamo;
    this.#realTime = options.realTime === true;
    this.clock = new VirtualClock(options.startAt);
    this.executions = new LocalExecutions(this.clock);
    const executions = this.executions;
    this.versions = new JourneyVersions(options.dataDir);
    const starter = localStarter(executions, this.versions);
    const logger = localLogger();
    const metrics = createMetrics({ silent: true });
    // One client for every payer: the meter charges each request to whoever's work sent it.
    const client = dynamo.client({
      usage: this.usage,
      payerOf: () => this.#meter.payer(),
      outboxTable: config.OUTBOX_TABLE,
    });
    const outbox = new DynamoOutbox(client, config.OUTBOX_TABLE ?? '');
    // One set of channels for every payer: the SES adapter remembers what it sent across them.
    const inbox = new DynamoInboxStore(client, config.STATE_TABLE);
    const local = localChannels(outbox, config, inbox, {
      email: options.email,
      webhooks: options.webhooks,
      dataDir: options.dataDir,
    });
    const channels = tapped(
      options.channels ? new ChannelRouter(options.channels, local) : local,
      options.onDeliver,
    );
    const byPayer = new Map<string, RuntimeDeps>();
    // Dependencies of one handler owner, so a test can reach one handler's stores to inject a fault.
    const depsFor = (payer: string): RuntimeDeps => {
      const known = byPayer.get(payer);
      if (known) return known;
      const deps: RuntimeDeps = {
        config,
        clock: this.clock,
        catalog: options.catalog,
        stores: dynamoStores(client, config, this.clock, keys.pseudonym),
        channels,
        // Paced sends wait on the engine's clock, as a Lambda would wait on the real one.
        sleepUntil: sleeperOn(this.clock, this.#realTime),
        unsubscribeKey: keys.unsubscribe,
        devices: options.devices,
        executions: starter,
        logger,
        metrics,
      };
      byPayer.set(payer, deps);
      return deps;
    };
    this.deps = depsFor(UNCHARGED);
    this.depsOf = depsFor;
    const wrap = options.wrapTask ?? ((_: TaskRole, handler: TaskHandler) => handler);
    // Each journey's tasks call handlers of their own, so their calls and requests are charged to it.
    const handlersOf = (journeyId: string) => {
      const roles = taskHandlers(depsFor(journeyId), (name, call) =>
        this.#meter.invoke(journeyId, name, call),
      );
      return Object.fromEntries(
        Object.entries(roles).map(([role, handler]) => [role, wrap(role as TaskRole, handler)]),
      ) as Record<TaskRole, TaskHandler>;
    };
    for (const journey of options.catalog.journeys.values())
      this.versions.publish(journey.id, compileJourney(journey));
    registerVersions(executions, this.versions, (version) => {
      return new LocalStateMachine(version.definition, handlersOf(version.journeyId), { waits: this.clock });
    });
    this.#handlers = {
      ingest: createIngestEventsHandler(depsFor(PAYERS.eventsApi)),
      // The ticker's work for a journey runs inside `forJourney`, which charges it to that journey.
      startCohorts: createStartCohortsHandler(depsFor(PAYERS.ticker)),
      unsubscribe: createUnsubscribeHandler(depsFor(PAYERS.eventsApi)),
      inbox: createInboxHandler(depsFor(PAYERS.eventsApi), inbox),
    };
  }

  /** The DynamoDB endpoint (dynalite's on 127.0.0.1 unless given), for any other client (the AWS CLI, say). */
  get dynamoEndpoint(): string {
    return this.#dynamo.endpoint;
  }

  /** The engine's table names there: LOCAL_TABLES, or others on an external endpoint. */
  get tables(): EngineDynamo['tables'] {
    return this.#dynamo.tables;
  }

  static async start(options: LocalEngineOptions): Promise<LocalEngine> {
    // EMF goes to stdout, which belongs to the local run's own output.
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    const dynamo = await startEngineDynamo(options);
    try {
      const { tables } = dynamo;
      const config = parseConfig({
        CUSTOMERS_TABLE: tables.customers,
        EVENTS_TABLE: tables.events,
        STATE_TABLE: tables.state,
        OUTBOX_TABLE: tables.outbox,
        // dynalite never counts a table's items, so the size-based sizing would always see "unknown".
        AUDIENCE_SEGMENTS: '1',
        // Where `journeys serve` listens by default; serve passes the port it got.
        UNSUBSCRIBE_BASE_URL: 'http://127.0.0.1:8787/',
        ...options.environment,
      });
      return new LocalEngine(dynamo, options, config, localKeys(config, options.dataDir));
    } catch (error) {
      await dynamo.stop();
      throw error;
    }
  }

  /**
   * POST /events through the same handler chain as the Lambda behind API Gateway. Its calls are
   * not counted as Lambda invocations: the cost model derives them from the events posted.
   */
  async postEvents(body: string): Promise<HttpResponse> {
    return this.callEventsApi(() =>
      this.#handlers.ingest({ body, isBase64Encoded: false } as never, LAMBDA_CONTEXT),
    );
  }

  /** GET or POST /unsubscribe?token=… through the same handler chain as its Lambda, billed to the events API. */
  async unsubscribe(request: UnsubscribeRequest): Promise<HttpResponse> {
    return this.callEventsApi(() =>
      this.#handlers.unsubscribe(unsubscribeApiEvent(request) as never, LAMBDA_CONTEXT),
    );
  }

  /** GET /customers/{id}/inbox or POST …/{message}/read, through its Lambda's chain, billed to the events API. */
  async inbox(request: InboxRequest): Promise<HttpResponse> {
    return this.callEventsApi(() => this.#handlers.inbox(inboxApiEvent(request) as never, LAMBDA_CONTEXT));
  }

  /** Runs a call of an events API handler as API Gateway would: billed to the events API, the clock held. */
  async callEventsApi(call: () => Promise<HttpResponse>): Promise<HttpResponse> {
    this.clock.busy();
    try {
      return await this.#meter.charge(PAYERS.eventsApi, call);
    } finally {
      this.clock.done();
    }
  }

  /** The minute ticker: entries of past minutes become cohorts; due deferred sends go out. */
  async tick(): Promise<unknown> {
    return this.#invokeStartCohorts(PAYERS.ticker, { action: 'tick' });
  }

  /** A journey's schedule fires now. */
  async fireSchedule(journeyId: string): Promise<unknown> {
    return this.#invokeStartCohorts(journeyId, {
      action: 'schedule',
      journeyId,
      scheduledAt: new Date(this.clock.now()).toISOString(),
    });
  }

  async #invokeStartCohorts(payer: string, request: object): Promise<unknown> {
    const invoke = () =>
      this.#meter.invoke(payer, 'start-cohorts', () =>
        this.#handlers.startCohorts(request as never, LAMBDA_CONTEXT),
      );
    return driverCall(this.clock, invoke, { realTime: this.#realTime });
  }

  async advanceTo(at: number): Promise<void> {
    await this.clock.advanceTo(at);
  }

  /** DynamoDB requests and capacity counted so far. */
  get usage(): DynamoUsage {
    return this.#meter.usage;
  }

  /** Lambda calls counted so far, by function. */
  get lambdaInvocations(): Record<string, number> {
    return this.#meter.lambdaInvocations;
  }

  /** The engine's memory at a quiet moment; call it only when the clock is idle. */
  checkpoint(): EngineCheckpoint {
    return takeCheckpoint({ clock: this.clock, executions: this.executions, meter: this.#meter });
  }

  /** Picks up where a checkpoint left off: the time, the counts, and each sleeping execution in its Wait. */
  restore(checkpoint: EngineCheckpoint): void {
    restoreCheckpoint(checkpoint, { clock: this.clock, executions: this.executions, meter: this.#meter });
  }

  operations(): OperationCounts {
    return operationCounts(this.executions, this.#meter);
  }

  async stop(): Promise<void> {
    this.executions.abortAll();
    await this.#dynamo.stop();
  }
}
