import type { Clock } from '../functions/commons/runtime/clock.ts';

/** Who sleeps, where and with what input: enough to restart them after a stop. */
export interface SleepTag {
  readonly execution: string;
  readonly state: string;
  readonly input: unknown;
  readonly wakeAt: number;
}

interface Sleeper {
  readonly at: number;
  readonly wake: () => void;
  readonly tag?: SleepTag;
}

/**
 * Simulated time for the local engine. Executions sleep on it (their Wait states do), and the
 * driver moves it forward: time only jumps when every running execution is asleep, so a
 * 10-day campaign runs in seconds and in the same order every time.
 */
export class VirtualClock implements Clock {
  #now: number;
  #sleepers: Sleeper[] = [];
  #running = 0;
  #idleWaiters: (() => void)[] = [];

  constructor(start: number) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** An execution began (or resumed) doing work. */
  busy(): void {
    this.#running += 1;
  }

  /** An execution ended, or went to sleep. */
  done(): void {
    this.#running -= 1;
    if (this.#running === 0) for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  /** Resolves at the moment `at` of simulated time; the caller stops counting as busy meanwhile. */
  sleepUntil(at: number, tag?: SleepTag): Promise<void> {
    if (at <= this.#now) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.#sleepers.push({ at, wake: resolve, tag });
      this.#sleepers.sort((a, b) => a.at - b.at);
      this.done();
    });
  }

  /** Resolves when no execution is doing work. */
  idle(): Promise<void> {
    if (this.#running === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** The sleepers that said who they are, in wake order. */
  sleeping(): SleepTag[] {
    return this.#sleepers.flatMap((sleeper) => (sleeper.tag ? [sleeper.tag] : []));
  }

  /** Sets the time when an engine resumes from a checkpoint (never backwards). */
  resumeAt(now: number): void {
    this.#now = Math.max(this.#now, now);
  }

  /** The earliest moment a sleeper waits for, if any. */
  nextWake(): number | undefined {
    return this.#sleepers[0]?.at;
  }

  /** Moves time to `target`, waking sleepers in time order and letting each wave of work finish. */
  async advanceTo(target: number): Promise<void> {
    await this.idle();
    for (let next = this.nextWake(); next !== undefined && next <= target; next = this.nextWake()) {
      this.#now = Math.max(this.#now, next);
      const due = this.#sleepers.filter((sleeper) => sleeper.at <= this.#now);
      this.#sleepers = this.#sleepers.filter((sleeper) => sleeper.at > this.#now);
      for (const sleeper of due) {
        this.busy();
        sleeper.wake();
      }
      await this.idle();
    }
    this.#now = Math.max(this.#now, target);
  }
}
