import { readFileSync } from 'node:fs';
import type { OutgoingMessage } from '../../../functions/commons/channels/channel-adapter.ts';
import { DAY_MS, MINUTE_MS } from '../../../functions/commons/clock.ts';
import type { JourneyCatalog } from '../../../functions/commons/deps.ts';
import { chunks } from '../../../functions/commons/stores/batch.ts';
import type { CustomerEvent } from '../../../workflows/contracts/customer.ts';
import { LocalEngine, type OperationCounts } from '../local-engine.ts';
import { customerDay, DEFAULT_BEHAVIOUR, type Grant, generateSignups, type Touch } from './behaviour.ts';
import { saleDays, scheduleTimes } from './calendar.ts';
import { generateCustomerBase } from './customer-base.ts';
import { createRng } from './random.ts';
import { type JourneyFunnel, journeyFunnel } from './report.ts';

export interface SimulationOptions {
  readonly catalog: JourneyCatalog;
  readonly customers: number;
  readonly days: number;
  readonly seed: number;
  /** Simulated start (epoch ms). */
  readonly startAt: number;
  /** Replay these recorded events (JSONL, one CustomerEvent a line) instead of the behaviour model. */
  readonly eventsFile?: string;
  readonly dataDir?: string;
  readonly newCustomersPerDay?: number;
  readonly onProgress?: (line: string) => void;
}

export interface SimulationResult {
  readonly funnels: JourneyFunnel[];
  readonly operations: OperationCounts;
  readonly events: number;
  readonly messages: number;
  readonly failedExecutions: number;
}

/**
 * The 618 demo, or any simulation: a seeded customer base, their behaviour day by day (or a
 * recorded event log), fed through the events API of the local engine, with the minute ticker,
 * the schedules and every Wait on one virtual clock.
 */
export async function runSimulation(options: SimulationOptions): Promise<SimulationResult> {
  const touches = new Map<string, Touch[]>();
  const grants = new Map<string, Grant[]>();
  let messages = 0;
  // Distinct (run, customer) pairs with a delivered message, per journey: the funnel's "reached".
  const reached = new Map<string, Set<string>>();
  const onDeliver = (delivered: readonly OutgoingMessage[]) => {
    messages += delivered.length;
    for (const message of delivered) {
      const runs = reached.get(message.journeyId) ?? new Set<string>();
      runs.add(`${message.runId}\u0000${message.customerId}`);
      reached.set(message.journeyId, runs);
      const touch: Touch = {
        customerId: message.customerId,
        at: message.at,
        channel: message.channel,
        offer: message.offer,
        journeyId: message.journeyId,
      };
      touches.set(message.customerId, [...(touches.get(message.customerId) ?? []), touch]);
      if (message.offer) {
        grants.set(message.customerId, [
          ...(grants.get(message.customerId) ?? []),
          { customerId: message.customerId, at: message.at, offerId: message.offer },
        ]);
      }
    }
  };
  const engine = await LocalEngine.start({
    catalog: options.catalog,
    startAt: options.startAt,
    dataDir: options.dataDir,
    onDeliver,
  });
  try {
    const rng = createRng(options.seed);
    const base = generateCustomerBase({
      customers: options.customers,
      seed: options.seed,
      createdAt: options.startAt - 365 * DAY_MS,
    });
    await engine.deps.stores.customers.putMany(base);
    const profiles = new Map(base.map((profile) => [profile.customerId, profile]));
    const recorded = options.eventsFile ? readRecordedEvents(options.eventsFile) : undefined;
    const schedules = scheduleTimes(options.catalog.journeys.values());
    const sale = saleDays(options.catalog.journeys.values());
    let eventCount = 0;
    // Each customer's events of the last days, so carts can become orders and coupons are used once.
    const history = new Map<string, CustomerEvent[]>();

    for (let day = 0; day < options.days; day += 1) {
      const from = options.startAt + day * DAY_MS;
      const to = from + DAY_MS;
      let events: CustomerEvent[];
      if (recorded) {
        events = recorded.filter((event) => Date.parse(event.at) >= from && Date.parse(event.at) < to);
      } else {
        const dayRng = rng.fork(`day:${day}`);
        const signups = generateSignups({
          count: options.newCustomersPerDay ?? Math.max(1, Math.round(options.customers / 400)),
          from,
          to,
          rng: dayRng.fork('signups'),
          idStart: options.customers + day * 100_000,
        });
        for (const signup of signups) profiles.set(signup.profile.customerId, signup.profile);
        events = [...signups.map((signup) => signup.event)];
        for (const profile of profiles.values()) {
          const past = (history.get(profile.customerId) ?? []).filter(
            (event) => Date.parse(event.at) >= from - 3 * DAY_MS,
          );
          const today = customerDay({
            profile,
            from,
            to,
            touches: touches.get(profile.customerId) ?? [],
            grants: grants.get(profile.customerId) ?? [],
            offers: options.catalog.offers,
            rng: dayRng.fork(profile.customerId),
            model: DEFAULT_BEHAVIOUR,
            saleDays: sale,
            history: past,
          });
          if (today.length > 0 || past.length > 0) history.set(profile.customerId, [...past, ...today]);
          events.push(...today);
        }
      }
      eventCount += events.length;
      await playDay(engine, events, schedules, from, to);
      options.onProgress?.(
        `day ${day + 1}/${options.days} ${new Date(from).toISOString().slice(0, 10)}: ${events.length} events, ${engine.executions.list().length} executions so far, ${messages} messages so far`,
      );
    }
    await engine.clock.idle();
    const funnels: JourneyFunnel[] = [];
    for (const journey of options.catalog.journeys.values()) {
      const rows = await engine.deps.stores.funnel.rows(journey.id);
      funnels.push(journeyFunnel(journey.id, rows, reached.get(journey.id)?.size ?? 0));
    }
    return {
      funnels,
      operations: engine.operations(),
      events: eventCount,
      messages,
      failedExecutions: engine.executions.list().filter((execution) => execution.status === 'FAILED').length,
    };
  } finally {
    await engine.stop();
  }
}

/** One day: events minute by minute through the events API, a tick after each minute with events, every hour, and the schedules. */
async function playDay(
  engine: LocalEngine,
  events: readonly CustomerEvent[],
  schedules: readonly { journeyId: string; at: number }[],
  from: number,
  to: number,
): Promise<void> {
  const byMinute = new Map<number, CustomerEvent[]>();
  for (const event of [...events].sort(
    (a, b) => Date.parse(a.at) - Date.parse(b.at) || a.eventId.localeCompare(b.eventId),
  )) {
    const minute = Math.floor(Date.parse(event.at) / MINUTE_MS) * MINUTE_MS;
    byMinute.set(minute, [...(byMinute.get(minute) ?? []), event]);
  }
  const moments = new Set<number>([...byMinute.keys()]);
  for (let hour = from; hour < to; hour += 3_600_000) moments.add(hour);
  for (const schedule of schedules) if (schedule.at >= from && schedule.at < to) moments.add(schedule.at);
  for (const moment of [...moments].sort((a, b) => a - b)) {
    await engine.advanceTo(moment);
    for (const schedule of schedules)
      if (schedule.at === moment) await engine.fireSchedule(schedule.journeyId);
    for (const batch of chunks(byMinute.get(moment) ?? [], 500)) {
      const response = await engine.postEvents(JSON.stringify({ events: batch }));
      if (response.statusCode !== 200)
        throw new Error(`the events API refused a simulated batch: ${response.body}`);
    }
    if (byMinute.has(moment)) await engine.advanceTo(moment + MINUTE_MS);
    await engine.tick();
  }
  await engine.advanceTo(to);
}

function readRecordedEvents(file: string): CustomerEvent[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CustomerEvent);
}
