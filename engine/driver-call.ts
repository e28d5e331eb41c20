import type { VirtualClock } from './virtual-clock.ts';

/**
 * Runs work that the driver awaits (a tick, a schedule firing) as busy on the clock. If the work
 * sleeps on the clock (a tick pacing deferred email), nobody else would move time while the driver
 * waits: so time moves on here, sleeper by sleeper, until the work is done, as it would for a
 * Lambda still running.
 */
export async function driverCall<T>(clock: VirtualClock, work: () => Promise<T>): Promise<T> {
  clock.busy();
  let finished = false;
  const call = work().finally(() => {
    // Set before the clock hears of it, so the loop below never moves time past the end.
    finished = true;
    clock.done();
  });
  const settled = call.then(
    () => undefined,
    () => undefined,
  );
  while (!finished) {
    await Promise.race([settled, clock.idle()]);
    const next = clock.nextWake();
    if (finished || next === undefined) break;
    await clock.advanceTo(next);
  }
  return call;
}
