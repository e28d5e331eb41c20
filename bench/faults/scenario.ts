import { LocalEngine } from '../../engine/engine.ts';
import type { FaultInjector } from '../../engine/faults/fault-injector.ts';
import { PAYERS } from '../../engine/metering/payers.ts';
import type { OutgoingMessage } from '../../functions/commons/channels/channel-adapter.ts';
import { ENTRY_GRACE_MS } from '../../functions/commons/cohorts/cohort-window.ts';
import { DAY_MS } from '../../functions/commons/runtime/clock.ts';
import { scheduleTimes } from '../../simulation/calendar.ts';
import { generateCustomerBase } from '../../simulation/customer-base.ts';
import type { JourneyCatalog } from '../../workflows/workspace/catalog.ts';
import { type CustomerEvent, eventPlan, feedbackOn, importRows } from './event-plan.ts';
import { type FinalState, finalState } from './final-state.ts';
import { RetryingCaller } from './retrying-caller.ts';

/** The scenario's span: the preheat at 10:00 in Shanghai on 11 June, to the re-touch after the sale. */
export const SCENARIO_START = Date.parse('2027-06-11T00:00:00Z');
export const SCENARIO_END = Date.parse('2027-06-21T06:00:00Z');

const HOUR_MS = 3_600_000;

/** The payers whose handlers the injector counts, beside each journey's own. */
export const DRIVEN = { import: 'import', rights: 'customer-rights' } as const;

export interface ScenarioOptions {
  readonly catalog: JourneyCatalog;
  readonly seed: number;
  readonly customers: number;
  /** Where the run stops (epoch ms). @default SCENARIO_END */
  readonly end?: number;
  readonly injector: FaultInjector;
}

/**
 * One seeded run of the built-in journeys on a small base: an import, the schedules, sign-ups,
 * carts, orders, coupons, an unsubscribe, email feedback and an erasure, with the ticker every
 * hour. Every call a client or AWS would retry (the events API, the ticker, a schedule, an import
 * batch, an erasure) is retried as its caller would; the state machines retry their own tasks.
 * Answers the final state of the tables and the messages delivered.
 */
export async function runScenario(options: ScenarioOptions): Promise<FinalState> {
  const { catalog, seed, injector } = options;
  const end = options.end ?? SCENARIO_END;
  const delivered: OutgoingMessage[] = [];
  const engine = await LocalEngine.start({
    catalog,
    startAt: SCENARIO_START,
    wrapTask: injector.wrapTask,
    // Fixed keys: links and pseudonyms come out the same in every run of a seed.
    environment: {
      UNSUBSCRIBE_KEY: 'faults-unsubscribe-key-0123456789abcdef',
      PSEUDONYM_KEY: 'faults-pseudonym-key-0123456789abcdefgh',
    },
    onDeliver: (messages) => delivered.push(...messages),
  });
  injector.attach();
  try {
    const base = generateCustomerBase({
      customers: options.customers,
      seed,
      createdAt: SCENARIO_START - 365 * DAY_MS,
    });
    await engine.deps.stores.customers.putMany(base);
    for (const payer of [...catalog.journeys.keys(), PAYERS.eventsApi, PAYERS.ticker, DRIVEN.import])
      injector.instrument(engine.depsOf(payer));
    const caller = new RetryingCaller(engine, injector);
    await caller.importRows(importRows(base));
    const plan = eventPlan(seed, base, SCENARIO_START, end);
    const schedules = scheduleTimes(catalog.journeys.values(), end);
    // The ticker on every hour (deferred sends), when an hour's entries are ready, and at the schedules.
    const ticks = new Set<number>();
    for (let hour = SCENARIO_START; hour < end; hour += HOUR_MS) ticks.add(hour);
    for (const at of plan.events.keys())
      ticks.add(Math.floor(at / HOUR_MS) * HOUR_MS + HOUR_MS + ENTRY_GRACE_MS);
    for (const { at } of schedules) ticks.add(at);
    const moments = new Set<number>([
      ...ticks,
      ...plan.events.keys(),
      ...plan.erasures.keys(),
      ...plan.feedback,
    ]);
    let feedbackFrom = 0;
    for (const moment of [...moments]
      .filter((at) => at >= SCENARIO_START && at < end)
      .sort((a, b) => a - b)) {
      await engine.advanceTo(moment);
      for (const schedule of schedules)
        if (schedule.at === moment) await caller.fireSchedule(schedule.journeyId);
      const events: CustomerEvent[] = plan.events.get(moment) ?? [];
      if (plan.feedback.has(moment)) {
        events.push(...feedbackOn(seed, delivered.slice(feedbackFrom), moment));
        feedbackFrom = delivered.length;
      }
      if (events.length > 0) await caller.post(events);
      for (const customerId of plan.erasures.get(moment) ?? []) await caller.erase(customerId);
      if (ticks.has(moment)) await caller.tick();
    }
    await engine.advanceTo(end);
    await engine.clock.idle();
    return await finalState(engine, delivered);
  } finally {
    injector.detach();
    await engine.stop();
  }
}
