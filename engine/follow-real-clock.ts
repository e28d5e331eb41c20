import { MINUTE_MS } from '../functions/commons/runtime/clock.ts';
import { nextRunAfter } from '../workflows/language/run-times.ts';
import { nextZonedCronTime } from '../workflows/language/zoned-cron.ts';
import type { JourneyCatalog } from '../workflows/workspace/catalog.ts';
import type { LocalEngine } from './engine.ts';

/**
 * Keeps the engine's clock on the real one, for `journeys serve`: Waits wake on time, the minute
 * ticker ticks just after each minute, and each scheduled journey fires at its moment. The engine
 * runs with `realTime`, so a paced tick waits out its slots in real time; the next tick is set
 * once it returns, so two never run at once.
 */
export function followRealClock(
  engine: LocalEngine,
  catalog: JourneyCatalog,
  log: (line: string) => void,
): { stop(): void } {
  const timers: NodeJS.Timeout[] = [setInterval(() => void engine.advanceTo(Date.now()), 1000)];
  const everyMinute = () => {
    const wait = MINUTE_MS - (Date.now() % MINUTE_MS) + 50;
    timers.push(
      setTimeout(async () => {
        await engine.advanceTo(Date.now());
        const result = (await engine.tick()) as { cohortsStarted?: unknown[]; deferredDelivered?: number };
        if (result.cohortsStarted?.length || result.deferredDelivered) log(`tick: ${JSON.stringify(result)}`);
        everyMinute();
      }, wait),
    );
  };
  everyMinute();

  function scheduleJourney(journeyId: string, after = Date.now()): void {
    const journey = catalog.journeys.get(journeyId);
    if (journey?.trigger.kind !== 'schedule') return;
    const trigger = journey.trigger;
    let at: number | undefined;
    if (trigger.at !== undefined) {
      // Its start, then each refresh of its audience.
      at = nextRunAfter(journey, after);
    } else if (trigger.cron !== undefined) {
      at = nextZonedCronTime(trigger.cron, trigger.timezone, after);
    }
    if (at === undefined) return;
    log(`schedule: ${journeyId} fires at ${new Date(at).toISOString()}`);
    // setTimeout cannot wait longer than about 24.8 days; check again before then.
    const delay = Math.min(at - Date.now(), 2 ** 31 - 1);
    timers.push(
      setTimeout(async () => {
        if (Date.now() < at) return scheduleJourney(journeyId, after);
        await engine.advanceTo(Date.now());
        log(`schedule: ${journeyId} started ${JSON.stringify(await engine.fireSchedule(journeyId))}`);
        scheduleJourney(journeyId, at);
      }, delay),
    );
  }
  for (const journey of catalog.journeys.values()) scheduleJourney(journey.id);

  return {
    stop: () => {
      for (const timer of timers) clearTimeout(timer);
    },
  };
}
