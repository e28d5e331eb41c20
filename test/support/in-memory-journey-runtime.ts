import { ExecutionAlreadyExists, LocalExecutions } from '../../engine/executions.ts';
import { LocalStateMachine } from '../../engine/state-machine.ts';
import { type ShardResult, stayedInShard } from '../../functions/commons/cohorts/shard-result.ts';
import type { TaskRole } from '../../workflows/compiler/asl.ts';
import { compileJourney } from '../../workflows/compiler/compile.ts';
import {
  type CohortDescriptor,
  type ExecutionInput,
  eventLabel,
  ForkTask,
  PartitionShardTask,
  RecordFailureTask,
  RecordShardTask,
  type RunContext,
  SnapshotTask,
  StepShardTask,
  subCohortId,
} from '../../workflows/contracts/execution.ts';
import { assignVariant, isHeldOut } from '../../workflows/evaluation/assignment.ts';
import {
  type CustomerFacts,
  evaluateCondition,
  matchesProperties,
} from '../../workflows/evaluation/condition.ts';
import { durationSeconds } from '../../workflows/language/duration.ts';
import type { Journey } from '../../workflows/schema/index.ts';

export interface TestCustomer {
  readonly id: string;
  readonly profile?: Record<string, unknown>;
  /** Events with times in hours after the run starts. */
  readonly events?: readonly { name: string; afterHours: number; properties?: Record<string, unknown> }[];
}

/** What happened to a customer, in order: "send:step-id", "grant:step-id", "exit:step-id", ... */
export type Trail = string[];

/**
 * Simple in-memory task handlers behind the real compiled ASL on the real local engine.
 * Waits are instant; "now" is a year after the run start, so events given relative to the start
 * count as having happened by every check.
 */
export class InMemoryJourneyRuntime {
  readonly trails = new Map<string, Trail>();
  readonly failures: unknown[] = [];
  /** How many times each task role was called, faults included. */
  readonly calls: Partial<Record<TaskRole, number>> = {};
  readonly executions = new LocalExecutions();
  readonly #cohorts = new Map<string, Map<number, string[]>>();
  readonly #customers: Map<string, CustomerFacts>;
  readonly #run: RunContext;
  readonly #journey: Journey;
  readonly #faults: Partial<Record<TaskRole, number>>;
  #enrolled: CohortDescriptor | undefined;

  constructor(
    journey: Journey,
    customers: readonly TestCustomer[],
    options: { faults?: Partial<Record<TaskRole, number>> } = {},
  ) {
    this.#journey = journey;
    this.#faults = { ...options.faults };
    const start = Date.parse('2027-06-11T02:00:00Z');
    this.#run = {
      journeyId: journey.id,
      journeyVersion: journey.version,
      runId: 'run-1',
      startedAt: new Date(start).toISOString(),
    };
    this.#customers = new Map(
      customers.map((customer) => [
        customer.id,
        {
          profile: customer.profile ?? {},
          events: (customer.events ?? []).map((event) => ({
            name: event.name,
            at: start + event.afterHours * 3_600_000,
            properties: event.properties ?? {},
          })),
        },
      ]),
    );
    const handlers: Record<TaskRole, (payload: unknown) => Promise<unknown>> = {
      // The cohort is enrolled before the run starts, so the snapshot only describes it.
      Snapshot: async (payload) =>
        this.#guard('Snapshot', () => this.#describeSnapshot(SnapshotTask.parse(payload))),
      Partition: async (payload) =>
        this.#guard('Partition', () => this.#partition(PartitionShardTask.parse(payload))),
      Send: async (payload) => this.#guard('Send', () => this.#step('send', StepShardTask.parse(payload))),
      Grant: async (payload) => this.#guard('Grant', () => this.#step('grant', StepShardTask.parse(payload))),
      Update: async (payload) =>
        this.#guard('Update', () => this.#step('update', StepShardTask.parse(payload))),
      Record: async (payload) => this.#guard('Record', () => this.#record(payload)),
      Fork: async (payload) => this.#guard('Fork', () => this.#fork(ForkTask.parse(payload))),
    };
    this.executions.register(journey.id, new LocalStateMachine(compileJourney(journey), handlers));
  }

  /** Enrolls every customer as one cohort, in shards of `shardSize`, and runs until all executions end. */
  async runCohort(shardSize = 2): Promise<void> {
    const ids = [...this.#customers.keys()];
    const shards = new Map<number, string[]>();
    ids.forEach((id, index) => {
      const shard = Math.floor(index / shardSize);
      shards.set(shard, [...(shards.get(shard) ?? []), id]);
    });
    this.#cohorts.set('cohort-0', shards);
    const cohort = { id: 'cohort-0', shards: [...shards.keys()], size: ids.length };
    const scheduled = this.#journey.trigger.kind === 'schedule';
    const input: ExecutionInput = {
      run: this.#run,
      cohort: scheduled ? { id: cohort.id, shards: [], size: 0 } : cohort,
      ...(scheduled ? { audience: { segments: [0], pastRunId: null } } : {}),
    };
    this.#enrolled = cohort;
    this.executions.start(this.#journey.id, 'cohort-0', input);
    await this.executions.settled();
  }

  trailOf(customerId: string): Trail {
    return this.trails.get(customerId) ?? [];
  }

  /** Customers whose trail contains the entry. */
  customersWith(entry: string): string[] {
    return [...this.trails]
      .filter(([, trail]) => trail.includes(entry))
      .map(([id]) => id)
      .sort();
  }

  #note(customerId: string, entry: string) {
    this.trails.set(customerId, [...this.trailOf(customerId), entry]);
  }

  async #guard<T>(role: TaskRole, work: () => T | Promise<T>): Promise<T> {
    this.calls[role] = (this.calls[role] ?? 0) + 1;
    const remaining = this.#faults[role] ?? 0;
    if (remaining > 0) {
      this.#faults[role] = remaining - 1;
      throw new Error(`injected ${role} fault`);
    }
    return work();
  }

  #describeSnapshot(task: SnapshotTask) {
    if (!this.#enrolled) throw new Error('no cohort was enrolled before the run');
    return task.operation === 'describe' ? this.#enrolled : { customers: this.#enrolled.size, shards: 0 };
  }

  #members(cohortId: string, shard: number): string[] {
    return this.#cohorts.get(cohortId)?.get(shard) ?? [];
  }

  #setMembers(cohortId: string, shard: number, members: string[]) {
    const shards = this.#cohorts.get(cohortId) ?? new Map<number, string[]>();
    shards.set(shard, members);
    this.#cohorts.set(cohortId, shards);
  }

  #time() {
    const enteredAt = Date.parse(this.#run.startedAt);
    return { enteredAt, now: enteredAt + 365 * 86_400_000 };
  }

  /** The goal check before every step: converted customers leave the shard and are counted. */
  #dropConverted(task: { cohortId: string; shard: number; goal?: Journey['goal'] }): string[] {
    const members = this.#members(task.cohortId, task.shard);
    const goal = task.goal;
    if (!goal) return members;
    const time = this.#time();
    const windowEnd = time.enteredAt + durationSeconds(goal.within) * 1000;
    const remaining = members.filter((id) => {
      const converted = this.#facts(id).events.some(
        (event) =>
          event.name === goal.event &&
          event.at >= time.enteredAt &&
          event.at <= windowEnd &&
          matchesProperties(event.properties ?? {}, goal.where ?? []),
      );
      if (converted) this.#note(id, 'converted');
      return !converted;
    });
    this.#setMembers(task.cohortId, task.shard, remaining);
    return remaining;
  }

  #facts(id: string): CustomerFacts {
    const facts = this.#customers.get(id);
    if (!facts) throw new Error(`unknown customer ${id}`);
    return facts;
  }

  #partition(task: PartitionShardTask): ShardResult {
    if (task.operation === 'enter') {
      const members = this.#members(task.cohortId, task.shard);
      const active = members.filter((id) => {
        const held = isHeldOut(task.run.journeyId, id, task.holdout);
        this.#note(id, held ? 'held-out' : 'entered');
        return !held;
      });
      this.#setMembers(task.cohortId, task.shard, active);
      return stayedInShard({});
    }
    const members = this.#dropConverted(task);
    const step = task.step;
    let moved = false;
    const write = (label: string, id: string) => {
      moved = true;
      const target = subCohortId(task.cohortId, step.id, label, task.run.runId);
      this.#setMembers(target, task.shard, [...this.#members(target, task.shard), id]);
    };
    if (task.operation === 'branch' && step.kind === 'branch') {
      for (const id of members) {
        const index = step.cases.findIndex((branchCase) =>
          evaluateCondition(branchCase.when, this.#facts(id), this.#time()),
        );
        write(index === -1 ? 'default' : `case-${index}`, id);
      }
    } else if (task.operation === 'split' && step.kind === 'split') {
      for (const id of members) write(assignVariant(task.run.journeyId, step.id, id, step.variants).name, id);
    } else if (task.operation === 'wait_for_check' && step.kind === 'wait_for') {
      const stay: string[] = [];
      for (const id of members) {
        const did = this.#facts(id).events.some(
          (event) =>
            event.name === step.event &&
            event.at >= this.#time().enteredAt &&
            matchesProperties(event.properties ?? {}, step.where ?? []),
        );
        if (did) write(eventLabel(task.check), id);
        else stay.push(id);
      }
      this.#setMembers(task.cohortId, task.shard, stay);
    } else {
      throw new Error(`partition ${task.operation} got a ${step.kind} step`);
    }
    return { counts: {}, moved };
  }

  #step(kind: 'send' | 'grant' | 'update', task: StepShardTask): ShardResult {
    for (const id of this.#dropConverted(task)) this.#note(id, `${kind}:${task.step.id}`);
    return stayedInShard({});
  }

  #record(payload: unknown): ShardResult {
    if ((payload as { operation?: string }).operation === 'failure') {
      this.failures.push(RecordFailureTask.parse(payload).failure);
      return stayedInShard({});
    }
    const task = RecordShardTask.parse(payload);
    for (const id of this.#dropConverted(task))
      this.#note(id, task.operation === 'exit' ? `exit:${task.stepId}` : 'complete');
    return stayedInShard({});
  }

  #fork(task: ForkTask): CohortDescriptor {
    let continuing: CohortDescriptor | undefined;
    let moved = 0;
    for (const route of task.routes) {
      const label = task.check === undefined ? route.label : eventLabel(task.check);
      const id = subCohortId(task.parent.id, task.stepId, label, task.run.runId);
      const shards = [...(this.#cohorts.get(id) ?? new Map<number, string[]>())].filter(
        ([, members]) => members.length > 0,
      );
      const cohort: CohortDescriptor = {
        id,
        shards: shards.map(([shard]) => shard),
        size: shards.reduce((sum, [, m]) => sum + m.length, 0),
      };
      if (route.label === task.continueWith) {
        continuing = cohort;
        continue;
      }
      moved += cohort.size;
      if (cohort.size > 0) {
        const input: ExecutionInput = { run: task.run, cohort, at: route.at };
        startOnce(() => this.executions.start(this.#journey.id, id, input));
      }
    }
    return continuing ?? { ...task.parent, size: task.parent.size - moved };
  }
}

/** A retried fork finds its executions already started, as StartExecution would say. */
function startOnce(start: () => unknown): void {
  try {
    start();
  } catch (error) {
    if (!(error instanceof ExecutionAlreadyExists)) throw error;
  }
}
