import type { LocalEngine } from '../engine/engine.ts';
import type { SendRates } from '../functions/commons/channels/pacing.ts';
import { MINUTE_MS } from '../functions/commons/runtime/clock.ts';
import type { Channel } from '../workflows/schema/index.ts';

/** The channels given a rate. */
export function pacedChannels(rates: SendRates = {}): Channel[] {
  return (Object.entries(rates) as [Channel, number | undefined][])
    .filter(([, rate]) => rate !== undefined)
    .map(([channel]) => channel);
}

/**
 * The minute ticker while paced sends are under way: as long as a paced channel has slots taken
 * past now, the sends deferred to them wait for a tick, so one runs at each minute before
 * `until`, as in AWS. Otherwise (and always when nothing is paced) the simulation's own ticks do:
 * so an unpaced run reads nothing more.
 */
export async function tickWhilePaced(
  engine: LocalEngine,
  channels: readonly Channel[],
  until: number,
): Promise<void> {
  while (channels.length > 0) {
    // Once the work under way has taken its slots (a shard sleeping on them counts as idle).
    await engine.clock.idle();
    const next = (Math.floor(engine.clock.now() / MINUTE_MS) + 1) * MINUTE_MS;
    if (next >= until) return;
    const cursors = await Promise.all(
      channels.map((channel) => engine.deps.stores.sendRates.nextSlot(channel)),
    );
    if (!cursors.some((slot) => slot !== undefined && slot > engine.clock.now())) return;
    await engine.advanceTo(next);
    await engine.tick();
  }
}

/**
 * Plays a day's moments in time order, `atMoment` at each, then moves on to `to`; between two
 * moments the minute ticker runs while paced sends are under way (tickWhilePaced).
 */
export async function playMoments(
  engine: LocalEngine,
  moments: Iterable<number>,
  to: number,
  paced: readonly Channel[],
  atMoment: (moment: number) => Promise<void>,
): Promise<void> {
  const sorted = [...moments].sort((a, b) => a - b);
  for (const [index, moment] of sorted.entries()) {
    await engine.advanceTo(moment);
    await atMoment(moment);
    await tickWhilePaced(engine, paced, sorted[index + 1] ?? to);
  }
  await engine.advanceTo(to);
}
