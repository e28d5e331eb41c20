import './polyfills.ts';
import { type StateMachineDefinition as EngineDefinition, StateMachine } from 'aws-local-stepfunctions';
import type { StateMachineDefinition, TaskRole } from '../../workflows/compiler/asl.ts';
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
 * in-process handler. Building the engine's StateMachine validates the definition and is slow
 * (about 56 ms), so build one per journey and start many executions on it.
 */
export class LocalStateMachine {
  readonly #machine: StateMachine;
  readonly #overrides: {
    taskResourceLocalHandlers: Record<string, (input: JSONValue) => Promise<JSONValue>>;
    waitTimeOverrides: Record<string, number>;
    retryIntervalOverrides: Record<string, number>;
  };

  constructor(
    compiled: StateMachineDefinition,
    handlers: RoleHandlers,
    options: LocalStateMachineOptions = {},
  ) {
    const waits = options.waits ?? 'instant';
    const clock = typeof waits === 'object' ? waits : undefined;
    const rewritten = clock ? withVirtualWaits(compiled) : { definition: compiled, waits: new Map() };
    const definition = rewritten.definition;
    this.#machine = new StateMachine(definition as unknown as EngineDefinition);
    const roles = taskRoles(definition);
    const retryInterval = options.retryIntervalMs ?? 0;
    const virtualWaits = Object.fromEntries(
      [...rewritten.waits].map(([name, spec]) => [
        name,
        async (input: JSONValue) => {
          await clock?.sleepUntil(wakeTime(spec, clock.now()));
          return input;
        },
      ]),
    );
    this.#overrides = {
      taskResourceLocalHandlers: {
        ...Object.fromEntries(
          [...roles].map(([name, role]) => [
            name,
            async (input: JSONValue) => (await handlers[role](input)) as JSONValue,
          ]),
        ),
        ...virtualWaits,
      },
      waitTimeOverrides:
        waits === 'instant' ? Object.fromEntries(waitStateNames(definition).map((name) => [name, 0])) : {},
      retryIntervalOverrides: Object.fromEntries([...roles.keys()].map((name) => [name, retryInterval])),
    };
  }

  /** Starts an execution; the result settles with its output, or rejects with the engine's error. */
  run(input: unknown): { result: Promise<unknown>; abort: () => void; stats: Promise<ExecutionStats> } {
    const execution = this.#machine.run(input as JSONValue, { overrides: this.#overrides });
    return { result: execution.result, abort: execution.abort, stats: countEvents(execution.eventLogs) };
  }
}

async function countEvents(logs: AsyncGenerator<{ type: string; index?: number }>): Promise<ExecutionStats> {
  const stats: ExecutionStats = { standardTransitions: 0, expressChildren: 0, expressTransitions: 0 };
  for await (const event of logs) {
    if (event.type === 'MapIterationStarted') stats.expressChildren += 1;
    else if (event.type === 'StateEntered') {
      if (event.index === undefined) stats.standardTransitions += 1;
      else stats.expressTransitions += 1;
    }
  }
  return stats;
}
