import type { Context } from 'aws-lambda';
import type { ChannelAdapter, OutgoingMessage } from '../../functions/commons/channels/channel-adapter.ts';
import { DynamoOutbox } from '../../functions/commons/channels/outbox.ts';
import { parseConfig, type RuntimeConfig } from '../../functions/commons/config.ts';
import type { JourneyCatalog, RuntimeDeps } from '../../functions/commons/deps.ts';
import { dynamoStores } from '../../functions/commons/deps.ts';
import { createDocumentClient, DynamoUsage } from '../../functions/commons/dynamo.ts';
import { createLogger, createMetrics } from '../../functions/commons/observability.ts';
import { tableNames } from '../../functions/commons/tables.ts';
import { createForkHandler } from '../../functions/fork/handler.ts';
import { createGrantHandler } from '../../functions/grant/handler.ts';
import type { HttpResponse } from '../../functions/ingest-events/events-request.ts';
import { createIngestEventsHandler } from '../../functions/ingest-events/handler.ts';
import { createPartitionHandler } from '../../functions/partition/handler.ts';
import { createRecordHandler } from '../../functions/record/handler.ts';
import { createSendHandler } from '../../functions/send/handler.ts';
import { createSnapshotAudienceHandler } from '../../functions/snapshot-audience/handler.ts';
import { createStartCohortsHandler } from '../../functions/start-cohorts/handler.ts';
import { createUpdateHandler } from '../../functions/update/handler.ts';
import type { TaskRole } from '../../workflows/compiler/asl.ts';
import { compileJourney } from '../../workflows/compiler/compile.ts';
import { executionName } from '../../workflows/contracts/execution.ts';
import { createTables } from './create-tables.ts';
import { type LocalDynamo, startDynalite } from './dynalite-server.ts';
import { ExecutionAlreadyExists, type ExecutionRecord, LocalExecutions } from './local-executions.ts';
import { type ExecutionStats, LocalStateMachine, type TaskHandler } from './local-state-machine.ts';
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
  readonly deps: RuntimeDeps;
  readonly usage = new DynamoUsage();
  readonly lambdaInvocations: Record<string, number> = {};
  readonly #dynamo: LocalDynamo;
  readonly #handlers: {
    ingest: ReturnType<typeof createIngestEventsHandler>;
    startCohorts: ReturnType<typeof createStartCohortsHandler>;
  };

  private constructor(dynamo: LocalDynamo, options: LocalEngineOptions, config: RuntimeConfig) {
    this.#dynamo = dynamo;
    this.clock = new VirtualClock(options.startAt);
    this.executions = new LocalExecutions(this.clock);
    const client = createDocumentClient({ endpoint: dynamo.endpoint, usage: this.usage });
    const executions = this.executions;
    this.deps = {
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
      logger: createLogger({ silent: true }),
      metrics: createMetrics({ silent: true }),
    };
    const invoke = (
      role: string,
      handler: (event: never, context: Context) => Promise<unknown>,
    ): TaskHandler => {
      return async (payload) => {
        this.lambdaInvocations[role] = (this.lambdaInvocations[role] ?? 0) + 1;
        return handler(payload as never, LAMBDA_CONTEXT);
      };
    };
    const wrap = options.wrapTask ?? ((_: TaskRole, handler: TaskHandler) => handler);
    const roles = {
      Snapshot: wrap('Snapshot', invoke('snapshot-audience', createSnapshotAudienceHandler(this.deps))),
      Partition: wrap('Partition', invoke('partition', createPartitionHandler(this.deps))),
      Send: wrap('Send', invoke('send', createSendHandler(this.deps))),
      Grant: wrap('Grant', invoke('grant', createGrantHandler(this.deps))),
      Update: wrap('Update', invoke('update', createUpdateHandler(this.deps))),
      Record: wrap('Record', invoke('record', createRecordHandler(this.deps))),
      Fork: wrap('Fork', invoke('fork', createForkHandler(this.deps))),
    };
    for (const journey of options.catalog.journeys.values()) {
      this.executions.register(
        journey.id,
        new LocalStateMachine(compileJourney(journey), roles, { waits: this.clock }),
      );
    }
    this.#handlers = {
      ingest: createIngestEventsHandler(this.deps),
      startCohorts: createStartCohortsHandler(this.deps),
    };
  }

  static async start(options: LocalEngineOptions): Promise<LocalEngine> {
    // EMF goes to stdout and the SDK warns about Node 20; neither belongs in a local run's output.
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
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

  /** POST /events through the same handler chain as the Lambda behind API Gateway. */
  async postEvents(body: string): Promise<HttpResponse> {
    this.clock.busy();
    try {
      return await this.#handlers.ingest({ body, isBase64Encoded: false } as never, LAMBDA_CONTEXT);
    } finally {
      this.clock.done();
    }
  }

  /** The minute ticker: entries of past minutes become cohorts; due deferred sends go out. */
  async tick(): Promise<unknown> {
    return this.#invokeStartCohorts({ action: 'tick' });
  }

  /** A journey's schedule fires now. */
  async fireSchedule(journeyId: string): Promise<unknown> {
    return this.#invokeStartCohorts({
      action: 'schedule',
      journeyId,
      scheduledAt: new Date(this.clock.now()).toISOString(),
    });
  }

  async #invokeStartCohorts(request: object): Promise<unknown> {
    this.lambdaInvocations['start-cohorts'] = (this.lambdaInvocations['start-cohorts'] ?? 0) + 1;
    this.clock.busy();
    try {
      return await this.#handlers.startCohorts(request as never, LAMBDA_CONTEXT);
    } finally {
      this.clock.done();
    }
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
    return { ...totals, lambdaInvocations: { ...this.lambdaInvocations }, dynamo: this.usage, byJourney };
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
