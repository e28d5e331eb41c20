import type { VirtualClock } from './virtual-clock.ts';

/**
 * Runs work that the driver awaits (a tick, a schedule firing) as busy on the clock. If the work
 * sleeps on the clock (a tick pacing deferred email), nobody else would move time while the driver
 * waits: so time moves on here, sleeper by sleeper, until the work is done, as it would for a
 * Lambda still running. On the real clock (`journeys serve`) the sleepers' own timers move it
 * instead, so the work never runs ahead of real time.
 */
export async function driverCall<T>(
  clock: VirtualClock,
  work: () => Promise<T>,
  options: { readonly realTime?: boolean } = {},
): Promise<T> {
  clock.busy();
  let finished = false;
  const call = work().finally(() => {
    // Set before the clock hears of it, so the loop below never moves time past the end.
    finished = true;
    clock.done();
  });
  if (options.realTime) return call;
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

/**
 * How paced delivery sleeps on the engine's clock. Simulated, whoever moves the clock wakes it;
 * on the real clock a timer also moves the clock to the moment when it comes, so a send waits the
 * real time its slot is away (and never longer than that).
 */
export function sleeperOn(clock: VirtualClock, realTime: boolean): (at: number) => Promise<void> {
  if (!realTime) return (at) => clock.sleepUntil(at);
  return (at) => {
    const slept = clock.sleepUntil(at);
    const timer = setTimeout(() => void clock.advanceTo(at), Math.max(0, at - Date.now()));
    return slept.finally(() => clearTimeout(timer));
  };
}
