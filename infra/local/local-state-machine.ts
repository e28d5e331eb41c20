import './polyfills.ts';
import { type StateMachineDefinition as EngineDefinition, StateMachine } from 'aws-local-stepfunctions';

type JSONValue = Parameters<StateMachine['run']>[0];

import type { StateMachineDefinition, TaskRole } from '../../workflows/compiler/asl.ts';
import { taskRoles, waitStateNames } from './asl-bindings.ts';

/** An in-process stand-in for a Lambda function: the payload in, the result out. */
export type TaskHandler = (payload: unknown) => Promise<unknown>;
export type RoleHandlers = Readonly<Record<TaskRole, TaskHandler>>;

export interface LocalStateMachineOptions {
  /** "instant" skips every Wait; "real" waits as written (for `journeys serve`). @default "instant" */
  readonly waits?: 'instant' | 'real';
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
    definition: StateMachineDefinition,
    handlers: RoleHandlers,
    options: LocalStateMachineOptions = {},
  ) {
    this.#machine = new StateMachine(definition as unknown as EngineDefinition);
    const roles = taskRoles(definition);
    const retryInterval = options.retryIntervalMs ?? 0;
    this.#overrides = {
      taskResourceLocalHandlers: Object.fromEntries(
        [...roles].map(([name, role]) => [
          name,
          async (input: JSONValue) => (await handlers[role](input)) as JSONValue,
        ]),
      ),
      waitTimeOverrides:
        options.waits === 'real'
          ? {}
          : Object.fromEntries(waitStateNames(definition).map((name) => [name, 0])),
      retryIntervalOverrides: Object.fromEntries([...roles.keys()].map((name) => [name, retryInterval])),
    };
  }

  /** Starts an execution; the promise settles with its output, or rejects with the engine's error. */
  run(input: unknown): { result: Promise<unknown>; abort: () => void } {
    const execution = this.#machine.run(input as JSONValue, { overrides: this.#overrides });
    return { result: execution.result, abort: execution.abort };
  }
}
