import type { ExecutionStats, LocalStateMachine } from './state-machine.ts';

export interface ExecutionRecord {
  readonly name: string;
  readonly machine: string;
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
  readonly #machines = new Map<string, LocalStateMachine>();
  readonly #executions = new Map<string, ExecutionRecord>();
  readonly #running = new Map<string, Promise<void>>();
  readonly #aborts = new Map<string, () => void>();

  constructor(private readonly activity?: ExecutionActivity) {}

  register(machineName: string, machine: LocalStateMachine): void {
    this.#machines.set(machineName, machine);
  }

  /** Starts an execution. The returned record updates when it ends. */
  start(
    machineName: string,
    executionName: string,
    input: unknown,
    resume?: { state: string; wakeAt: number },
  ): ExecutionRecord {
    const machine = this.#machines.get(machineName);
    if (!machine) throw new Error(`No state machine named "${machineName}" is registered locally`);
    const key = `${machineName}:${executionName}`;
    if (this.#executions.has(key))
      throw new ExecutionAlreadyExists(`Execution ${executionName} of ${machineName} already exists`);
    const record: ExecutionRecord = { name: executionName, machine: machineName, input, status: 'RUNNING' };
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
}
