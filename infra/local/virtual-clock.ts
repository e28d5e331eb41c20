import type { Clock } from '../../functions/commons/clock.ts';

interface Sleeper {
  readonly at: number;
  readonly wake: () => void;
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
  sleepUntil(at: number): Promise<void> {
    if (at <= this.#now) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.#sleepers.push({ at, wake: resolve });
      this.#sleepers.sort((a, b) => a.at - b.at);
      this.done();
    });
  }

  /** Resolves when no execution is doing work. */
  idle(): Promise<void> {
    if (this.#running === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
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
