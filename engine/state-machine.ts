import { type StateMachineDefinition as EngineDefinition, StateMachine } from 'aws-local-stepfunctions';
import type { StateMachineDefinition, TaskRole } from '../workflows/compiler/asl.ts';
import { taskRoles, waitStateNames } from './asl-bindings.ts';
import type { VirtualClock } from './virtual-clock.ts';
import { wakeTime, withVirtualWaits } from './virtual-waits.ts';

type JSONValue = Parameters<StateMachine['run']>[0];

/** An in-process stand-in for a Lambda function: the payload in, the result out. */
export type TaskHandler = (payload: unknown) => Promise<unknown>;
export type RoleHandlers = Readonly<Record<TaskRole, TaskHandler>>;

/** What an execution did, for the AWS operation counts of a local run. */
export interface ExecutionStats {
  /** States entered by the Standard execution itself. */
  standardTransitions: number;
  /** Map items: each one is an Express child execution in AWS (Distributed Map). */
  expressChildren: number;
  /** States entered inside Map items. */
  expressTransitions: number;
}

export interface LocalStateMachineOptions {
  /**
   * How Wait states wait: "instant" skips them, "real" waits as written, or a virtual clock
   * that the simulation moves forward. @default "instant"
   */
  readonly waits?: 'instant' | 'real' | VirtualClock;
  /** Milliseconds between task retries, instead of the ASL's seconds. @default 0 */
  readonly retryIntervalMs?: number;
}

/**
 * Runs compiled ASL on aws-local-stepfunctions with each `${Role}FunctionArn` task bound to an
 * in-process handler. Building the engine's StateMachine validates the definition, which is slow,
 * so build one per journey and start many executions on it.
 */
export class LocalStateMachine {
  readonly #definition: StateMachineDefinition;
  readonly #machines = new Map<string, StateMachine>();
  readonly #roleHandlers: Record<string, (input: JSONValue) => Promise<JSONValue>>;
  readonly #waits: ReadonlyMap<string, { seconds?: number; timestamp?: string }>;
  readonly #clock?: VirtualClock;
  readonly #waitTimeOverrides: Record<string, number>;
  readonly #retryIntervalOverrides: Record<string, number>;

  constructor(
    compiled: StateMachineDefinition,
    handlers: RoleHandlers,
    options: LocalStateMachineOptions = {},
  ) {
    const waits = options.waits ?? 'instant';
    this.#clock = typeof waits === 'object' ? waits : undefined;
    const rewritten = this.#clock ? withVirtualWaits(compiled) : { definition: compiled, waits: new Map() };
    this.#definition = rewritten.definition;
    this.#waits = rewritten.waits;
    this.#machineStartingAt(this.#definition.StartAt);
    const roles = taskRoles(this.#definition);
    this.#roleHandlers = Object.fromEntries(
      [...roles].map(([name, role]) => [
        name,
        async (input: JSONValue) => (await handlers[role](input)) as JSONValue,
      ]),
    );
    this.#waitTimeOverrides =
      waits === 'instant'
        ? Object.fromEntries(waitStateNames(this.#definition).map((name) => [name, 0]))
        : {};
    this.#retryIntervalOverrides = Object.fromEntries(
      [...roles.keys()].map((name) => [name, options.retryIntervalMs ?? 0]),
    );
  }

  /**
   * Starts an execution; the result settles with its output, or rejects with the engine's error.
   * With `resume`, the execution starts asleep in the Wait state it was in when the engine stopped,
   * waking at the saved time: the same states, entered where the stopped execution had got to.
   */
  run(
    input: unknown,
    options: { name?: string; resume?: { state: string; wakeAt: number } } = {},
  ): { result: Promise<unknown>; abort: () => void; stats: ExecutionStats; counted: Promise<void> } {
    const clock = this.#clock;
    let resume = options.resume;
    const virtualWaits = Object.fromEntries(
      [...this.#waits].map(([state, spec]) => [
        state,
        async (stateInput: JSONValue) => {
          if (!clock) return stateInput;
          const wakeAt = resume?.state === state ? resume.wakeAt : wakeTime(spec, clock.now());
          resume = undefined;
          await clock.sleepUntil(wakeAt, { execution: options.name ?? '', state, input: stateInput, wakeAt });
          return stateInput;
        },
      ]),
    );
    const machine = this.#machineStartingAt(options.resume?.state ?? this.#definition.StartAt);
    const execution = machine.run(input as JSONValue, {
      overrides: {
        taskResourceLocalHandlers: { ...this.#roleHandlers, ...virtualWaits },
        waitTimeOverrides: this.#waitTimeOverrides,
        retryIntervalOverrides: this.#retryIntervalOverrides,
      },
    });
    const stats: ExecutionStats = { standardTransitions: 0, expressChildren: 0, expressTransitions: 0 };
    return {
      result: execution.result,
      abort: execution.abort,
      stats,
      counted: countEvents(execution.eventLogs, stats),
    };
  }

  /** Building a StateMachine validates it, which is slow: one per start state, built once. */
  #machineStartingAt(state: string): StateMachine {
    let machine = this.#machines.get(state);
    if (!machine) {
      // The same states were validated with the real StartAt; from a Wait, earlier states look unreachable.
      const resumed = state !== this.#definition.StartAt;
      machine = new StateMachine({ ...this.#definition, StartAt: state } as unknown as EngineDefinition, {
        validationOptions: { noValidate: resumed },
      });
      this.#machines.set(state, machine);
    }
    return machine;
  }
}

/** Counts as events arrive, so a checkpoint sees the counts of executions still running. */
async function countEvents(
  logs: AsyncGenerator<{ type: string; index?: number }>,
  stats: ExecutionStats,
): Promise<void> {
  for await (const event of logs) {
    if (event.type === 'MapIterationStarted') stats.expressChildren += 1;
    else if (event.type === 'StateEntered') {
      if (event.index === undefined) stats.standardTransitions += 1;
      else stats.expressTransitions += 1;
    }
  }
}
