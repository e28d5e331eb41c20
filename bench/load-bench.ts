import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { LocalEngine } from '../engine/engine.ts';
import { serve } from '../engine/serve.ts';
import { catalogFromWorkspace } from '../workflows/workspace/catalog.ts';
import {
  type AcceptedEvent,
  type AppliedState,
  type ExactlyOnceTally,
  tallyExactlyOnce,
} from './exactly-once-tally.ts';
import { type LatencyPercentiles, latencyPercentiles } from './latency-percentiles.ts';
import { type LoadEvent, postEvents } from './load-clients.ts';

export interface LoadBenchOptions {
  /** Events posted at each batch size. */
  readonly eventsPerPhase: number;
  /** Clients posting at once, each its next batch when the last is answered. */
  readonly clients: number;
  readonly batchSizes: readonly number[];
  readonly log?: (line: string) => void;
}

/** One batch size's run: the sustained rate, the latencies and the errors. */
export interface LoadPhase {
  readonly batchSize: number;
  readonly events: number;
  readonly accepted: number;
  readonly requests: number;
  readonly seconds: number;
  /** Accepted events per second, from the first POST to the last answer. */
  readonly eventsPerSecond: number;
  readonly latencyMs: LatencyPercentiles;
  readonly httpErrors: number;
  readonly failedEvents: number;
  readonly rejectedEvents: number;
  readonly givenUp: number;
}

export interface LoadResult {
  readonly clients: number;
  readonly phases: readonly LoadPhase[];
  /** Every phase's accepted events against what the tables hold afterwards. */
  readonly exactlyOnce: ExactlyOnceTally;
}

/** A customer gets about this many events in a phase, so concurrent batches meet on the same profiles. */
const EVENTS_PER_CUSTOMER = 4;

/**
 * `npm run bench -- --load`: `journeys serve` (the `serve` function, on 127.0.0.1 and the real
 * clock, dynalite in memory) takes POST /events from `clients` clients at once, as batches of each
 * size in turn; then every event it accepted is looked up in the tables: one timeline item per
 * event id, and each customer's order count and spend equal to their accepted purchases.
 */
export async function runLoadBench(options: LoadBenchOptions): Promise<LoadResult> {
  const log = options.log ?? (() => {});
  const folder = mkdtempSync(join(tmpdir(), 'journeys-load-'));
  const running = await serve({
    catalog: await catalogFromWorkspace('workflows'),
    port: 0,
    outboxFile: join(folder, 'outbox.jsonl'),
    log,
  });
  try {
    const url = `http://127.0.0.1:${running.port}/events`;
    const phases: LoadPhase[] = [];
    const accepted: AcceptedEvent[] = [];
    const customers = new Set<string>();
    for (const batchSize of options.batchSizes) {
      const events = loadEvents(`load-b${batchSize}`, options.eventsPerPhase, Date.now());
      for (const event of events) customers.add(event.body.customerId);
      log(`posting ${events.length} events as batches of ${batchSize} from ${options.clients} clients…`);
      const outcome = await postEvents(url, events, { batchSize, clients: options.clients });
      accepted.push(...outcome.accepted);
      const phase: LoadPhase = {
        batchSize,
        events: events.length,
        accepted: outcome.accepted.length,
        requests: outcome.requests,
        seconds: outcome.seconds,
        eventsPerSecond: outcome.accepted.length / outcome.seconds,
        latencyMs: latencyPercentiles(outcome.latenciesMs),
        httpErrors: outcome.httpErrors,
        failedEvents: outcome.failedEvents,
        rejectedEvents: outcome.rejectedEvents,
        givenUp: outcome.givenUp,
      };
      phases.push(phase);
      log(`  ${formatPhase(phase)}`);
    }
    log(`counting ${accepted.length} accepted events in the tables…`);
    const state = await appliedState(running.engine, [...customers]);
    return { clients: options.clients, phases, exactlyOnce: tallyExactlyOnce(accepted, state) };
  } finally {
    await running.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Carts and purchases spread over `count / 4` customers, each id unique to the phase. */
export function loadEvents(prefix: string, count: number, at: number): LoadEvent[] {
  const customers = Math.max(1, Math.ceil(count / EVENTS_PER_CUSTOMER));
  return Array.from({ length: count }, (_, index) => {
    const eventId = `${prefix}-e${index}`;
    const base = { eventId, customerId: `${prefix}-c${index % customers}`, at: new Date(at).toISOString() };
    if (index % 3 !== 2)
      return { body: { ...base, name: 'add_to_cart', properties: { cartValue: 20 + (index % 30) } } };
    const orderValue = 10.5 + (index % 50);
    return {
      body: { ...base, name: 'purchase', properties: { orderId: `order-${eventId}`, orderValue } },
      orderValue,
    };
  });
}

/** The load customers' timelines and profile counters, read through the engine's own stores. */
export async function appliedState(
  engine: LocalEngine,
  customerIds: readonly string[],
): Promise<AppliedState> {
  const timelineItems = new Map<string, number>();
  const { events, customers } = engine.deps.stores;
  for (const customerId of customerIds)
    for (const stored of await events.wholeTimeline(customerId))
      timelineItems.set(stored.eventId, (timelineItems.get(stored.eventId) ?? 0) + 1);
  const profiles = new Map<string, { orderCount: number; totalSpend: number }>();
  for (const [customerId, profile] of await customers.getMany(customerIds))
    profiles.set(customerId, { orderCount: profile.orderCount, totalSpend: profile.totalSpend });
  return { timelineItems, profiles };
}

export function formatPhase(phase: LoadPhase): string {
  const errors = phase.httpErrors + phase.failedEvents + phase.rejectedEvents;
  return `batches of ${phase.batchSize}: ${phase.eventsPerSecond.toFixed(0)} events/s (${phase.accepted}/${phase.events} accepted in ${phase.seconds.toFixed(1)} s, ${phase.requests} requests), latency p50 ${phase.latencyMs.p50.toFixed(1)} ms, p99 ${phase.latencyMs.p99.toFixed(1)} ms, ${errors} errors`;
}

export function formatLoad(result: LoadResult): string {
  const tally = result.exactlyOnce;
  const counters = tally.counterMismatches.length;
  return [
    `POST /events on journeys serve, ${result.clients} clients:`,
    ...result.phases.map((phase) => `  ${formatPhase(phase)}`),
    `Exactly once: ${tally.appliedOnce} of ${tally.accepted} accepted events applied once; lost ${tally.lost}, doubled ${tally.doubled}, applied unaccepted ${tally.unaccepted}, customers with wrong counters ${counters}`,
  ].join('\n');
}

/** The load section of the results file, with the date and commit; the other benches' figures stay. */
export function writeLoadResults(out: string, result: LoadResult): void {
  const results = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>) : {};
  const load = {
    date: new Date().toISOString(),
    commit: currentCommit(),
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version },
    ...result,
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ ...results, load }, null, 2)}\n`);
}

function currentCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}
