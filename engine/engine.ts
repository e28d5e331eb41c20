import { AsyncLocalStorage } from 'node:async_hooks';
import type { Context } from 'aws-lambda';
import type { ChannelAdapter, OutgoingMessage } from '../functions/commons/channels/channel-adapter.ts';
import { DynamoOutbox } from '../functions/commons/channels/outbox.ts';
import { tableNames } from '../functions/commons/dynamo/tables.ts';
import { parseConfig, type RuntimeConfig } from '../functions/commons/runtime/config.ts';
import { currentJourney } from '../functions/commons/runtime/journey-scope.ts';
import { createLogger, createMetrics } from '../functions/commons/runtime/observability.ts';
import type { RuntimeDeps } from '../functions/commons/runtime/runtime-deps.ts';
import { dynamoStores } from '../functions/commons/runtime/runtime-deps.ts';
import { createForkHandler } from '../functions/fork/handler.ts';
import { createGrantHandler } from '../functions/grant/handler.ts';
import type { HttpResponse } from '../functions/ingest-events/events-request.ts';
import { createIngestEventsHandler } from '../functions/ingest-events/handler.ts';
import { createPartitionHandler } from '../functions/partition/handler.ts';
import { createRecordHandler } from '../functions/record/handler.ts';
import { createSendHandler } from '../functions/send/handler.ts';
import { createSnapshotAudienceHandler } from '../functions/snapshot-audience/handler.ts';
import { createStartCohortsHandler } from '../functions/start-cohorts/handler.ts';
import { createUpdateHandler } from '../functions/update/handler.ts';
import type { TaskRole } from '../workflows/compiler/asl.ts';
import { compileJourney } from '../workflows/compiler/compile.ts';
import { executionName } from '../workflows/contracts/execution.ts';
import type { JourneyCatalog } from '../workflows/workspace/catalog.ts';
import { createTables } from './create-tables.ts';
import { localDocumentClient } from './dynalite/local-client.ts';
import { type LocalDynamo, startDynalite } from './dynalite/server.ts';
import { ExecutionAlreadyExists, type ExecutionRecord, LocalExecutions } from './executions.ts';
import { DynamoUsage, UNCHARGED } from './metering/dynamo-usage.ts';
import { PAYERS, type PayerCounts } from './metering/payers.ts';
import { type ExecutionStats, LocalStateMachine, type TaskHandler } from './state-machine.ts';
import { VirtualClock } from './virtual-clock.ts';

export interface LocalEngineOptions {
  readonly catalog: JourneyCatalog;
  /** Simulated time at which the engine starts (epoch ms). */
  readonly startAt: number;
  /** A folder to persist DynamoDB data in, so a stopped run can resume. @default in memory */
  readonly dataDir?: string;
  /** Environment overrides (cap, quiet hours, outbox file). */
  readonly environment?: Record<string, string>;
  /** Wraps each task handler, e.g. to inject a fault in a test. */
  readonly wrapTask?: (role: TaskRole, handler: TaskHandler) => TaskHandler;
  /** Told of every delivered message, as a customer would receive it (the simulation's touches). */
  readonly onDeliver?: (messages: readonly OutgoingMessage[]) => void;
}

/**
 * Everything the engine holds in memory at a quiet moment (every execution asleep), to resume
 * from after a stop together with a copy of the DynamoDB data taken at the same moment.
 */
export interface EngineCheckpoint {
  readonly now: number;
  readonly lambdaInvocations: Record<string, number>;
  readonly dynamo: { requests: [string, number][]; readCapacity: number; writeCapacity: number };
  /** Lambda calls and DynamoDB usage by payer (see `OperationCounts.byPayer`). */
  readonly charges?: Record<string, PayerCounts>;
  readonly finished: {
    name: string;
    machine: string;
    status: ExecutionRecord['status'];
    stats?: ExecutionStats;
  }[];
  readonly sleeping: {
    machine: string;
    name: string;
    state: string;
    input: unknown;
    wakeAt: number;
    stats?: ExecutionStats;
  }[];
}

/** The tables of the local engine, by their logical names. */
export const LOCAL_TABLES = tableNames('journeys-local');

/** The AWS operations a run used, counted as it ran. */
export interface OperationCounts {
  standardTransitions: number;
  expressChildren: number;
  expressTransitions: number;
  lambdaInvocations: Record<string, number>;
  dynamo: DynamoUsage;
  /** The same execution counts per journey: where the Step Functions bill goes. */
  byJourney: Record<string, { executions: number; standardTransitions: number; expressChildren: number }>;
  /**
   * Lambda calls and DynamoDB usage by who caused them: each journey (its executions' tasks, its
   * schedule, the ticker's work for it), the events API and the ticker. They add up to the totals.
   */
  byPayer: Record<string, PayerCounts>;
}

const LAMBDA_CONTEXT = {
  functionName: 'journeys-local',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:journeys-local',
  memoryLimitInMB: '1024',
  awsRequestId: 'local',
  logGroupName: 'local',
  logStreamName: 'local',
  callbackWaitsForEmptyEventLoop: false,
  getRemainingTimeInMillis: () => 900_000,
  done: () => {},
  fail: () => {},
  succeed: () => {},
} as unknown as Context;

/**
 * Everything on one machine: dynalite for DynamoDB, aws-local-stepfunctions running the same
 * compiled ASL that CDK deploys, each task bound to the same handler chain Lambda runs, and a
 * virtual clock under every Wait, schedule, minute tick and event time.
 */
export class LocalEngine {
  readonly clock: VirtualClock;
  readonly executions: LocalExecutions;
  /** Dependencies for the driver's own reads and writes (loading customers, reading funnels), charged to no one. */
  readonly deps: RuntimeDeps;
  /**
   * The dependencies whose requests are charged to `payer`: what the handlers of a journey's tasks,
   * the events API (`PAYERS.eventsApi`) and the ticker (`PAYERS.ticker`) use. Tests reach a
   * handler's stores through it to inject faults.
   */
  readonly depsOf: (payer: string) => RuntimeDeps;
  readonly usage = new DynamoUsage();
  readonly lambdaInvocations: Record<string, number> = {};
  readonly #lambdaByPayer = new Map<string, Record<string, number>>();
  /** The payer of the Lambda call under way: a journey, the events API or the ticker. */
  readonly #invoker = new AsyncLocalStorage<string>();
  readonly #dynamo: LocalDynamo;
  readonly #handlers: {
    ingest: ReturnType<typeof createIngestEventsHandler>;
    startCohorts: ReturnType<typeof createStartCohortsHandler>;
  };

  private constructor(dynamo: LocalDynamo, options: LocalEngineOptions, config: RuntimeConfig) {
    this.#dynamo = dynamo;
    this.clock = new VirtualClock(options.startAt);
    this.executions = new LocalExecutions(this.clock);
    const executions = this.executions;
    const logger = createLogger({ silent: true });
    const metrics = createMetrics({ silent: true });
    // One client for every payer: each request is charged to whoever's work sent it (see #payer).
    const client = localDocumentClient({
      endpoint: dynamo.endpoint,
      // Over dynalite's worker's message port, not a socket.
      requestHandler: dynamo.requestHandler,
      metering: { usage: this.usage, payerOf: () => this.#payer(), outboxTable: config.OUTBOX_TABLE },
    });
    const byPayer = new Map<string, RuntimeDeps>();
    // Dependencies of one handler owner, so a test can reach one handler's stores to inject a fault.
    const depsFor = (payer: string): RuntimeDeps => {
      const known = byPayer.get(payer);
      if (known) return known;
      const deps: RuntimeDeps = {
        config,
        clock: this.clock,
        catalog: options.catalog,
        stores: dynamoStores(client, config),
        channels: tapped(new DynamoOutbox(client, config.OUTBOX_TABLE ?? ''), options.onDeliver),
        executions: {
          async start(journeyId, cohortId, input) {
            try {
              executions.start(journeyId, executionName(cohortId), input);
              return 'started';
            } catch (error) {
              if (error instanceof ExecutionAlreadyExists) return 'exists';
              throw error;
            }
          },
        },
        logger,
        metrics,
      };
      byPayer.set(payer, deps);
      return deps;
    };
    this.deps = depsFor(UNCHARGED);
    this.depsOf = depsFor;
    const wrap = options.wrapTask ?? ((_: TaskRole, handler: TaskHandler) => handler);
    for (const journey of options.catalog.journeys.values()) {
      // Each journey's tasks call handlers of their own, so their calls and requests are charged to it.
      const deps = depsFor(journey.id);
      type LambdaHandler = (event: never, context: Context) => Promise<unknown>;
      const handlers: Record<TaskRole, readonly [string, LambdaHandler]> = {
        Snapshot: ['snapshot-audience', createSnapshotAudienceHandler(deps) as LambdaHandler],
        Partition: ['partition', createPartitionHandler(deps) as LambdaHandler],
        Send: ['send', createSendHandler(deps) as LambdaHandler],
        Grant: ['grant', createGrantHandler(deps) as LambdaHandler],
        Update: ['update', createUpdateHandler(deps) as LambdaHandler],
        Record: ['record', createRecordHandler(deps) as LambdaHandler],
        Fork: ['fork', createForkHandler(deps) as LambdaHandler],
      };
      const roles = Object.fromEntries(
        Object.entries(handlers).map(([role, [name, handler]]) => [
          role,
          wrap(role as TaskRole, (payload) =>
            this.#invoke(journey.id, name, () => handler(payload as never, LAMBDA_CONTEXT)),
          ),
        ]),
      ) as Record<TaskRole, TaskHandler>;
      this.executions.register(
        journey.id,
        new LocalStateMachine(compileJourney(journey), roles, { waits: this.clock }),
      );
    }
    this.#handlers = {
      ingest: createIngestEventsHandler(depsFor(PAYERS.eventsApi)),
      // The ticker's work for a journey runs inside `forJourney`, which charges it to that journey.
      startCohorts: createStartCohortsHandler(depsFor(PAYERS.ticker)),
    };
  }

  /** dynalite's DynamoDB endpoint on 127.0.0.1, for any other client (the AWS CLI, say). */
  get dynamoEndpoint(): string {
    return this.#dynamo.endpoint;
  }

  static async start(options: LocalEngineOptions): Promise<LocalEngine> {
    // EMF goes to stdout, which belongs to the local run's own output.
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    const tables = LOCAL_TABLES;
    const config = parseConfig({
      CUSTOMERS_TABLE: tables.customers,
      EVENTS_TABLE: tables.events,
      STATE_TABLE: tables.state,
      OUTBOX_TABLE: tables.outbox,
      // dynalite never counts a table's items, so the size-based sizing would always see "unknown".
      AUDIENCE_SEGMENTS: '1',
      ...options.environment,
    });
    const dynamo = await startDynalite(options.dataDir);
    try {
      await createTables(dynamo.endpoint, tables);
      return new LocalEngine(dynamo, options, config);
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
    this.clock.busy();
    try {
      return await this.#invoker.run(PAYERS.eventsApi, () =>
        this.#handlers.ingest({ body, isBase64Encoded: false } as never, LAMBDA_CONTEXT),
      );
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
    this.clock.busy();
    try {
      return await this.#invoke(payer, 'start-cohorts', () =>
        this.#handlers.startCohorts(request as never, LAMBDA_CONTEXT),
      );
    } finally {
      this.clock.done();
    }
  }

  /** One Lambda call, counted and charged to `payer` with the DynamoDB requests it sends. */
  #invoke<T>(payer: string, name: string, call: () => Promise<T>): Promise<T> {
    this.lambdaInvocations[name] = (this.lambdaInvocations[name] ?? 0) + 1;
    const calls = this.#lambdaByPayer.get(payer) ?? {};
    calls[name] = (calls[name] ?? 0) + 1;
    this.#lambdaByPayer.set(payer, calls);
    return this.#invoker.run(payer, call);
  }

  /** Who pays for a request being sent: the journey its work is for, else the invocation's payer. */
  #payer(): string {
    return currentJourney() ?? this.#invoker.getStore() ?? UNCHARGED;
  }

  /** Lambda calls and DynamoDB usage by payer. */
  #byPayer(): Record<string, PayerCounts> {
    const payers = new Set([...this.#lambdaByPayer.keys(), ...this.usage.byPayer.keys()]);
    return Object.fromEntries(
      [...payers].sort().map((payer) => [
        payer,
        {
          lambdaInvocations: { ...this.#lambdaByPayer.get(payer) },
          dynamo: { ...this.usage.charged(payer) },
        },
      ]),
    );
  }

  async advanceTo(at: number): Promise<void> {
    await this.clock.advanceTo(at);
  }

  /** The engine's memory at a quiet moment; call it only when the clock is idle. */
  checkpoint(): EngineCheckpoint {
    const records = this.executions.list();
    const byName = new Map(records.map((record) => [record.name, record]));
    return {
      now: this.clock.now(),
      lambdaInvocations: { ...this.lambdaInvocations },
      dynamo: {
        requests: [...this.usage.requests],
        readCapacity: this.usage.readCapacity,
        writeCapacity: this.usage.writeCapacity,
      },
      charges: this.#byPayer(),
      finished: records
        .filter((record) => record.status !== 'RUNNING')
        .map(({ name, machine, status, stats }) => ({ name, machine, status, stats: stats && { ...stats } })),
      sleeping: this.clock.sleeping().map((tag) => {
        const record = byName.get(tag.execution);
        if (!record) throw new Error(`a sleeper names no execution: ${tag.execution}`);
        return {
          machine: record.machine,
          name: tag.execution,
          state: tag.state,
          input: tag.input,
          wakeAt: tag.wakeAt,
          stats: record.stats && { ...record.stats },
        };
      }),
    };
  }

  /** Picks up where a checkpoint left off: the time, the counts, and each sleeping execution in its Wait. */
  restore(checkpoint: EngineCheckpoint): void {
    this.clock.resumeAt(checkpoint.now);
    Object.assign(this.lambdaInvocations, checkpoint.lambdaInvocations);
    for (const [command, count] of checkpoint.dynamo.requests)
      this.usage.requests.set(command, (this.usage.requests.get(command) ?? 0) + count);
    this.usage.readCapacity += checkpoint.dynamo.readCapacity;
    this.usage.writeCapacity += checkpoint.dynamo.writeCapacity;
    for (const [payer, counts] of Object.entries(checkpoint.charges ?? {})) {
      const calls = this.#lambdaByPayer.get(payer) ?? {};
      for (const [name, count] of Object.entries(counts.lambdaInvocations))
        calls[name] = (calls[name] ?? 0) + count;
      this.#lambdaByPayer.set(payer, calls);
      const charged = this.usage.charged(payer);
      charged.requests += counts.dynamo.requests;
      charged.readCapacity += counts.dynamo.readCapacity;
      charged.writeCapacity += counts.dynamo.writeCapacity;
      charged.providerWriteCapacity += counts.dynamo.providerWriteCapacity;
    }
    this.executions.remember(checkpoint.finished.map((record) => ({ ...record })));
    for (const sleeper of checkpoint.sleeping) {
      const record = this.executions.start(sleeper.machine, sleeper.name, sleeper.input, {
        state: sleeper.state,
        wakeAt: sleeper.wakeAt,
      });
      if (record.stats && sleeper.stats) {
        // The resumed execution enters its Wait state again; the checkpoint already counted that entry.
        record.stats.standardTransitions += sleeper.stats.standardTransitions - 1;
        record.stats.expressChildren += sleeper.stats.expressChildren;
        record.stats.expressTransitions += sleeper.stats.expressTransitions;
      }
    }
  }

  operations(): OperationCounts {
    const totals = { standardTransitions: 0, expressChildren: 0, expressTransitions: 0 };
    const byJourney: OperationCounts['byJourney'] = {};
    for (const execution of this.executions.list()) {
      totals.standardTransitions += execution.stats?.standardTransitions ?? 0;
      totals.expressChildren += execution.stats?.expressChildren ?? 0;
      totals.expressTransitions += execution.stats?.expressTransitions ?? 0;
      const journey = byJourney[execution.machine] ?? {
        executions: 0,
        standardTransitions: 0,
        expressChildren: 0,
      };
      byJourney[execution.machine] = journey;
      journey.executions += 1;
      journey.standardTransitions += execution.stats?.standardTransitions ?? 0;
      journey.expressChildren += execution.stats?.expressChildren ?? 0;
    }
    return {
      ...totals,
      lambdaInvocations: { ...this.lambdaInvocations },
      dynamo: this.usage,
      byJourney,
      byPayer: this.#byPayer(),
    };
  }

  async stop(): Promise<void> {
    this.executions.abortAll();
    await this.#dynamo.stop();
  }
}

function tapped(
  adapter: ChannelAdapter,
  onDeliver?: (messages: readonly OutgoingMessage[]) => void,
): ChannelAdapter {
  if (!onDeliver) return adapter;
  return {
    async deliver(messages) {
      await adapter.deliver(messages);
      onDeliver(messages);
    },
  };
}
