import type { ExecutionStats, LocalStateMachine } from './state-machine.ts';

export interface ExecutionRecord {
  readonly name: string;
  /** The state machine: the journey id. */
  readonly machine: string;
  /** The version it runs ("cart-nudge:2"), when started on one. */
  readonly version?: string;
  readonly input: unknown;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  output?: unknown;
  error?: Error;
  stats?: ExecutionStats;
}

/** Told when executions start and end, so a virtual clock knows when all are asleep. */
export interface ExecutionActivity {
  busy(): void;
  done(): void;
}

export class ExecutionAlreadyExists extends Error {
  override readonly name = 'ExecutionAlreadyExists';
}

/**
 * The executions of one local engine, named as in Step Functions: starting a name twice is
 * refused, which is what makes cohort starts and forks idempotent.
 */
export class LocalExecutions {
  readonly #machines = new Map<string, LocalStateMachine | (() => LocalStateMachine)>();
  readonly #executions = new Map<string, ExecutionRecord>();
  readonly #running = new Map<string, Promise<void>>();
  readonly #aborts = new Map<string, () => void>();

  constructor(private readonly activity?: ExecutionActivity) {}

  /**
   * A state machine, or one of its versions under "<name>:<n>"; a function is called on the first
   * start, for the versions that may never run again (building one validates its ASL, which is slow).
   */
  register(name: string, machine: LocalStateMachine | (() => LocalStateMachine)): void {
    this.#machines.set(name, machine);
  }

  /**
   * Starts an execution, on `version` when given. Names are unique per state machine, whatever
   * the version, as in Step Functions. The returned record updates when it ends.
   */
  start(
    machineName: string,
    executionName: string,
    input: unknown,
    resume?: { state: string; wakeAt: number },
    version?: string,
  ): ExecutionRecord {
    const machine = this.#machine(version ?? machineName);
    const key = `${machineName}:${executionName}`;
    if (this.#executions.has(key))
      throw new ExecutionAlreadyExists(`Execution ${executionName} of ${machineName} already exists`);
    const record: ExecutionRecord = {
      name: executionName,
      machine: machineName,
      ...(version === undefined ? {} : { version }),
      input,
      status: 'RUNNING',
    };
    this.#executions.set(key, record);
    this.activity?.busy();
    const execution = machine.run(input, { name: executionName, resume });
    this.#aborts.set(key, execution.abort);
    const done = execution.result.then(
      (output) => {
        record.status = 'SUCCEEDED';
        record.output = output;
      },
      (error: Error) => {
        record.status = record.status === 'ABORTED' ? 'ABORTED' : 'FAILED';
        record.error = error;
      },
    );
    record.stats = execution.stats;
    this.#running.set(
      key,
      Promise.all([done, execution.counted]).then(() => {
        this.#running.delete(key);
        this.activity?.done();
      }),
    );
    return record;
  }

  /** Waits until no execution is running, including those started while waiting. */
  async settled(): Promise<void> {
    while (this.#running.size > 0) await Promise.all(this.#running.values());
  }

  abortAll(): void {
    for (const [key, abort] of this.#aborts) {
      const record = this.#executions.get(key);
      if (record?.status === 'RUNNING') {
        record.status = 'ABORTED';
        abort();
      }
    }
  }

  /** Names used before a restart: starting them again is refused, as in Step Functions. */
  remember(records: readonly Omit<ExecutionRecord, 'input'>[]): void {
    for (const record of records)
      this.#executions.set(`${record.machine}:${record.name}`, { ...record, input: null });
  }

  list(): ExecutionRecord[] {
    return [...this.#executions.values()];
  }

  #machine(name: string): LocalStateMachine {
    const registered = this.#machines.get(name);
    if (!registered) throw new Error(`No state machine named "${name}" is registered locally`);
    if (typeof registered !== 'function') return registered;
    const built = registered();
    this.#machines.set(name, built);
    return built;
  }
}
