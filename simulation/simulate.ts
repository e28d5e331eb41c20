import { LocalEngine, type OperationCounts } from '../engine/engine.ts';
import type { LocalEmail } from '../engine/local-channels.ts';
import { OutboxFile } from '../engine/outbox-file.ts';
import { rateVariablesOf, type SendRates } from '../functions/commons/channels/pacing.ts';
import { windowReadyAt, windowStart } from '../functions/commons/cohorts/cohort-window.ts';
import { DAY_MS } from '../functions/commons/runtime/clock.ts';
import type { DayCounts } from '../report/model/report-data.ts';
import type { CustomerEvent, CustomerProfile } from '../workflows/contracts/customer.ts';
import type { CustomerMapping } from '../workflows/schema/customer-mapping.ts';
import type { JourneyCatalog } from '../workflows/workspace/catalog.ts';
import { type BehaviourModel, customerDay, DEFAULT_BEHAVIOUR, generateSignups } from './behaviour.ts';
import { saleDays, scheduleTimes } from './calendar.ts';
import { campaignZone, dayLabel } from './campaign-zone.ts';
import {
  freshState,
  restoreCheckpoint,
  type SimulationState,
  saveCheckpoint,
  simulationFolders,
} from './checkpoint.ts';
import { loadCustomerBase } from './customer-source.ts';
import { recordDay } from './daily-counts.ts';
import { recordDeliveries } from './deliveries.ts';
import { EmailFeedback, segmentOfProfile } from './email-feedback.ts';
import { deliveryPlan, postAll, readRecordedEvents } from './event-delivery.ts';
import { journeyFunnels } from './journey-funnels.ts';
import { pacedChannels, playMoments } from './paced-ticks.ts';
import { createRng, type Rng } from './random.ts';
import type { JourneyFunnel } from './report.ts';

export interface SimulationOptions {
  readonly catalog: JourneyCatalog;
  readonly customers: number;
  readonly days: number;
  readonly seed: number;
  /** Simulated start (epoch ms). */
  readonly startAt: number;
  /** Replay these recorded events (JSONL, one CustomerEvent a line) instead of the behaviour model. */
  readonly eventsFile?: string;
  /** Import this customer file (CSV or JSONL) as the base instead of the synthetic one; `customers` is then ignored. */
  readonly customersFile?: string;
  /** The customer file's mapping. @default each profile field from the column of its own name */
  readonly customerMapping?: CustomerMapping;
  readonly dataDir?: string;
  readonly newCustomersPerDay?: number;
  readonly onProgress?: (line: string) => void;
  /** Email through the SES adapter to a local SES. @default every channel to the outbox */
  readonly email?: LocalEmail;
  /**
   * POST webhooks to the URLs their templates name, the workspace's real receivers.
   * @default false: webhooks stay in the outbox, so a simulation calls no one
   */
  readonly deliverWebhooks?: boolean;
  /** Paces each channel to its rate on the virtual clock, as EMAIL_MAX_PER_SECOND and the like do in AWS. */
  readonly sendRates?: SendRates;
  /** The customers' rates and how messages move them. @default DEFAULT_BEHAVIOUR */
  readonly behaviour?: BehaviourModel;
  /** Writes every delivered message here, one JSON object a line. @default no file */
  readonly outboxFile?: string;
}

export interface SimulationResult {
  readonly funnels: JourneyFunnel[];
  readonly operations: OperationCounts;
  readonly events: number;
  readonly messages: number;
  readonly failedExecutions: number;
  /** Each journey's entries and orders, day by day. */
  readonly daily: readonly DayCounts[];
}

/**
 * The 618 demo, or any simulation: a seeded customer base, their behaviour day by day (or a
 * recorded event log), fed through the events API of the local engine, with the minute ticker,
 * the schedules and every Wait on one virtual clock.
 */
export async function runSimulation(options: SimulationOptions): Promise<SimulationResult> {
  const key = JSON.stringify({
    customers: options.customers,
    days: options.days,
    seed: options.seed,
    startAt: options.startAt,
    events: options.eventsFile ?? null,
    ...(options.customersFile ? { customersFile: options.customersFile } : {}),
    journeys: [...options.catalog.journeys.keys()],
  });
  const resumed = options.dataDir ? restoreCheckpoint(options.dataDir, key) : undefined;
  const state = resumed?.state ?? freshState();
  const profiles = new Map<string, CustomerProfile>();
  // A recorded event log holds whatever feedback it has; the behaviour model draws its own.
  const feedback = options.eventsFile
    ? undefined
    : new EmailFeedback(
        createRng(options.seed).fork('email-feedback'),
        (customerId) => segmentOfProfile(profiles.get(customerId)),
        state.feedback,
      );
  const outbox = options.outboxFile ? new OutboxFile(options.outboxFile, { resume: !!resumed }) : undefined;
  const engine = await LocalEngine.start({
    catalog: options.catalog,
    startAt: options.startAt,
    dataDir: options.dataDir ? simulationFolders(options.dataDir).dynamo : undefined,
    onDeliver: (delivered) => {
      outbox?.append(delivered);
      recordDeliveries(state, delivered, feedback);
    },
    ...(options.email ? { email: options.email } : {}),
    webhooks: options.deliverWebhooks ? 'receivers' : 'outbox',
    environment: rateVariablesOf(options.sendRates ?? {}),
  });
  try {
    if (resumed) {
      engine.restore(resumed.engine);
      options.onProgress?.(`resuming after day ${state.day} from the checkpoint in ${options.dataDir}`);
    }
    const base = await loadCustomerBase(
      engine,
      {
        ...options,
        createdAt: options.startAt - 365 * DAY_MS,
        ...(options.customerMapping ? { mapping: options.customerMapping } : {}),
      },
      resumed !== undefined,
    );
    // An imported base sets the pace of new sign-ups by its own size.
    const run = options.customersFile ? { ...options, customers: base.length } : options;
    for (const profile of [...base, ...state.signups]) profiles.set(profile.customerId, profile);
    const recorded = options.eventsFile ? readRecordedEvents(options.eventsFile) : undefined;
    const schedules = scheduleTimes(
      options.catalog.journeys.values(),
      options.startAt + options.days * DAY_MS,
    );
    const delivery = { ...deliveryPlan(options.catalog), paced: pacedChannels(options.sendRates) };
    const sale = saleDays(options.catalog.journeys.values());
    const rng = createRng(options.seed);
    const zone = campaignZone(options.catalog.journeys.values());

    for (; state.day < options.days; state.day += 1) {
      const from = options.startAt + state.day * DAY_MS;
      const to = from + DAY_MS;
      const events = recorded
        ? recorded.filter((event) => Date.parse(event.at) >= from && Date.parse(event.at) < to)
        : behaviourOfDay({
            options: run,
            state,
            profiles,
            from,
            to,
            sale,
            rng: rng.fork(`day:${state.day}`),
          });
      state.eventCount += events.length;
      state.eventCount += await playDay(engine, events, { schedules, ...delivery, feedback }, from, to);
      await engine.clock.idle();
      await recordDay(state.daily, state.day, from, engine);
      if (options.dataDir)
        saveCheckpoint(options.dataDir, key, engine.checkpoint(), { ...state, day: state.day + 1 });
      options.onProgress?.(
        `day ${state.day + 1}/${options.days} ${dayLabel(from, zone)}: ${events.length} events, ${engine.executions.list().length} executions so far, ${state.messages} messages so far`,
      );
    }
    // Feedback on the last day's emails that came in before the end.
    state.eventCount += await postAll(engine, feedback?.takeDue(engine.clock.now()) ?? []);
    await engine.clock.idle();
    const funnels = await journeyFunnels(options.catalog.journeys.values(), engine.deps.stores.funnel, state);
    return {
      funnels,
      operations: engine.operations(),
      events: state.eventCount,
      messages: state.messages,
      failedExecutions: engine.executions.list().filter((execution) => execution.status === 'FAILED').length,
      daily: state.daily,
    };
  } finally {
    await engine.stop();
  }
}

/** The day's synthetic events: new sign-ups, then every customer's day under the behaviour model. */
function behaviourOfDay(args: {
  options: SimulationOptions;
  state: SimulationState;
  profiles: Map<string, CustomerProfile>;
  from: number;
  to: number;
  sale: { start: number; end: number };
  rng: Rng;
}): CustomerEvent[] {
  const { options, state, profiles, from, to } = args;
  const signups = generateSignups({
    count: options.newCustomersPerDay ?? Math.max(1, Math.round(options.customers / 400)),
    from,
    to,
    rng: args.rng.fork('signups'),
    idStart: options.customers + state.day * 100_000,
  });
  for (const signup of signups) profiles.set(signup.profile.customerId, signup.profile);
  state.signups.push(...signups.map((signup) => signup.profile));
  const events: CustomerEvent[] = signups.map((signup) => signup.event);
  for (const profile of profiles.values()) {
    // Each customer's events of the last days, so carts can become orders and coupons are used once.
    const past = (state.history.get(profile.customerId) ?? []).filter(
      (event) => Date.parse(event.at) >= from - 3 * DAY_MS,
    );
    const today = customerDay({
      profile,
      from,
      to,
      touches: state.touches.get(profile.customerId) ?? [],
      grants: state.grants.get(profile.customerId) ?? [],
      offers: options.catalog.offers,
      rng: args.rng.fork(profile.customerId),
      model: options.behaviour ?? DEFAULT_BEHAVIOUR,
      saleDays: args.sale,
      history: past,
    });
    if (today.length > 0 || past.length > 0) state.history.set(profile.customerId, [...past, ...today]);
    else state.history.delete(profile.customerId);
    events.push(...today);
  }
  return events;
}

/**
 * One day. Events reach the events API in batches at the last moment of each delivery interval
 * (like a client SDK flushing its queue), and email feedback at the first moment after it
 * happened; the ticker runs wherever a cohort window holding entries closes, every hour (deferred
 * sends) and at the schedules. Answers how many feedback events it posted.
 */
async function playDay(
  engine: LocalEngine,
  events: readonly CustomerEvent[],
  plan: {
    schedules: readonly { journeyId: string; at: number }[];
    intervalMs: number;
    windowsMs: readonly number[];
    feedback?: EmailFeedback;
    paced: ReturnType<typeof pacedChannels>;
  },
  from: number,
  to: number,
): Promise<number> {
  const { schedules, intervalMs, windowsMs } = plan;
  let feedbackPosted = 0;
  const deliveries = new Map<number, CustomerEvent[]>();
  for (const event of [...events].sort(
    (a, b) => Date.parse(a.at) - Date.parse(b.at) || a.eventId.localeCompare(b.eventId),
  )) {
    const end = (Math.floor(Date.parse(event.at) / intervalMs) + 1) * intervalMs;
    deliveries.set(end, [...(deliveries.get(end) ?? []), event]);
  }
  const ticks = new Set<number>();
  // A window that got entries is taken once it has closed (at or after their delivery) and its
  // grace has passed; deferred sends wait for the hourly tick, or each minute's while paced.
  for (const end of deliveries.keys())
    for (const window of windowsMs) ticks.add(windowReadyAt(windowStart(end - 1, window), window));
  for (let hour = from; hour < to; hour += 3_600_000) ticks.add(hour);
  for (const schedule of schedules) if (schedule.at >= from && schedule.at < to) ticks.add(schedule.at);
  const moments = new Set<number>([...ticks, ...[...deliveries.keys()].map((end) => end - 1)]);
  await playMoments(engine, moments, to, plan.paced, async (moment) => {
    for (const schedule of schedules)
      if (schedule.at === moment) await engine.fireSchedule(schedule.journeyId);
    await postAll(engine, deliveries.get(moment + 1) ?? []);
    feedbackPosted += await postAll(engine, plan.feedback?.takeDue(moment) ?? []);
    if (ticks.has(moment)) await engine.tick();
  });
  return feedbackPosted;
}
