import type { ExecutionRecord, LocalExecutions } from './executions.ts';
import type { Meter, MeterReading } from './metering/meter.ts';
import type { ExecutionStats } from './state-machine.ts';
import type { VirtualClock } from './virtual-clock.ts';

/**
 * Everything the engine holds in memory at a quiet moment (every execution asleep), to resume
 * from after a stop together with a copy of the DynamoDB data taken at the same moment.
 */
export interface EngineCheckpoint extends MeterReading {
  readonly now: number;
  readonly finished: {
    name: string;
    machine: string;
    status: ExecutionRecord['status'];
    stats?: ExecutionStats;
  }[];
  readonly sleeping: {
    machine: string;
    /** The version it runs, which a restart keeps however the journey was edited since. */
    version?: string;
    name: string;
    state: string;
    input: unknown;
    wakeAt: number;
    stats?: ExecutionStats;
  }[];
}

/** What a checkpoint is taken from and restored into. */
export interface EngineMemory {
  readonly clock: VirtualClock;
  readonly executions: LocalExecutions;
  readonly meter: Meter;
}

/** The engine's memory at a quiet moment; take it only when the clock is idle. */
export function takeCheckpoint({ clock, executions, meter }: EngineMemory): EngineCheckpoint {
  const records = executions.list();
  const byName = new Map(records.map((record) => [record.name, record]));
  return {
    now: clock.now(),
    ...meter.reading(),
    finished: records
      .filter((record) => record.status !== 'RUNNING')
      .map(({ name, machine, status, stats }) => ({ name, machine, status, stats: stats && { ...stats } })),
    sleeping: clock.sleeping().map((tag) => {
      const record = byName.get(tag.execution);
      if (!record) throw new Error(`a sleeper names no execution: ${tag.execution}`);
      return {
        machine: record.machine,
        ...(record.version === undefined ? {} : { version: record.version }),
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
export function restoreCheckpoint(
  checkpoint: EngineCheckpoint,
  { clock, executions, meter }: EngineMemory,
): void {
  clock.resumeAt(checkpoint.now);
  meter.resume(checkpoint);
  executions.remember(checkpoint.finished.map((record) => ({ ...record })));
  for (const sleeper of checkpoint.sleeping) {
    const record = executions.start(
      sleeper.machine,
      sleeper.name,
      sleeper.input,
      { state: sleeper.state, wakeAt: sleeper.wakeAt },
      sleeper.version,
    );
    if (record.stats && sleeper.stats) {
      // The resumed execution enters its Wait state again; the checkpoint already counted that entry.
      record.stats.standardTransitions += sleeper.stats.standardTransitions - 1;
      record.stats.expressChildren += sleeper.stats.expressChildren;
      record.stats.expressTransitions += sleeper.stats.expressTransitions;
    }
  }
}
