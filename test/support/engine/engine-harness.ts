import { LocalEngine, type LocalEngineOptions } from '../../../engine/engine.ts';
import type { TaskHandler } from '../../../engine/state-machine.ts';
import type { OutgoingMessage } from '../../../functions/commons/channels/channel-adapter.ts';
import {
  cohortWindowMs,
  ENTRY_GRACE_MS,
  windowReadyAt,
  windowStart,
} from '../../../functions/commons/cohorts/cohort-window.ts';
import { MINUTE_MS } from '../../../functions/commons/runtime/clock.ts';
import type { FunnelMetric, FunnelRow } from '../../../functions/commons/stores/funnel.ts';
import type { TaskRole } from '../../../workflows/compiler/asl.ts';
import { CustomerProfile, type EventResult } from '../../../workflows/contracts/customer.ts';
import { assignVariant, isHeldOut } from '../../../workflows/evaluation/assignment.ts';
import type { SplitVariant } from '../../../workflows/schema/index.ts';
import { catalogFromWorkspace } from '../../../workflows/workspace/catalog.ts';

export const HOUR_MS = 60 * MINUTE_MS;

/** The built-in journeys, loaded once: the same files `journeys simulate` runs. */
const builtIn = await catalogFromWorkspace('workflows');

/** A local engine on some of the built-in journeys, with every delivered message collected. */
export interface Harness {
  readonly engine: LocalEngine;
  /** Every message the channel was handed, in order, redeliveries included. */
  readonly delivered: OutgoingMessage[];
}

export async function startHarness(
  journeys: readonly string[],
  startAt: string,
  options: Pick<LocalEngineOptions, 'environment' | 'wrapTask'> & {
    /** The workspace the journeys come from. @default the built-in one */
    readonly workspace?: string;
  } = {},
): Promise<Harness> {
  const delivered: OutgoingMessage[] = [];
  const { workspace = 'workflows', ...engineOptions } = options;
  const engine = await LocalEngine.start({
    catalog: await catalogFromWorkspace(workspace, journeys),
    startAt: Date.parse(startAt),
    onDeliver: (messages) => delivered.push(...messages),
    ...engineOptions,
  });
  return { engine, delivered };
}

/** A stored profile, with consent and time zone said out loud; the rest defaults. */
export function profile(
  customerId: string,
  fields: Partial<Omit<CustomerProfile, 'customerId'>> & Pick<CustomerProfile, 'consent' | 'timezone'>,
): CustomerProfile {
  // Every test customer has an address on a reserved domain, a fictional number and an app
  // device unless the test says otherwise.
  const email = `${customerId.replace(/[^\w.-]/g, '_')}@example.com`;
  const createdAt = Date.parse('2026-01-01T00:00:00Z');
  return CustomerProfile.parse({
    customerId,
    createdAt,
    email,
    phone: '+15555550100',
    devices: [
      {
        platform: 'fcm',
        token: `test-device-${customerId.replace(/[^\w.-]/g, '_')}`,
        registeredAt: createdAt,
      },
    ],
    ...fields,
  });
}

/** Customer ids that a journey's holdout keeps in (or, with `heldOut`, keeps out), plus any extra rule. */
export function idsFor(
  prefix: string,
  count: number,
  rules: { treatedIn?: readonly string[]; heldOutOf?: readonly string[]; variant?: [string, string, string] },
): string[] {
  const ids: string[] = [];
  for (let n = 0; ids.length < count; n += 1) {
    const id = `${prefix}-${n}`;
    const treated = (rules.treatedIn ?? []).every(
      (journeyId) => !isHeldOut(journeyId, id, holdoutOf(journeyId)),
    );
    const held = (rules.heldOutOf ?? []).every((journeyId) => isHeldOut(journeyId, id, holdoutOf(journeyId)));
    const variant = rules.variant
      ? variantOf(rules.variant[0], rules.variant[1], id) === rules.variant[2]
      : true;
    if (treated && held && variant) ids.push(id);
    if (n > 100_000) throw new Error(`no ${count} ids with prefix ${prefix} fit ${JSON.stringify(rules)}`);
  }
  return ids;
}

export function holdoutOf(journeyId: string): number {
  const journey = builtIn.journeys.get(journeyId);
  if (!journey) throw new Error(`no built-in journey ${journeyId}`);
  return journey.holdout;
}

/** The split variant a customer lands in at a built-in journey's split step. */
export function variantOf(journeyId: string, stepId: string, customerId: string): string {
  const step = builtIn.journeys.get(journeyId)?.steps.find((candidate) => candidate.id === stepId);
  if (step?.kind !== 'split') throw new Error(`${journeyId} has no split step ${stepId}`);
  return assignVariant(journeyId, stepId, customerId, step.variants as readonly SplitVariant[]).name;
}

/** POST /events with a 200 expected; the per-event results. */
export async function post(engine: LocalEngine, events: readonly object[]): Promise<EventResult[]> {
  const response = await engine.postEvents(JSON.stringify({ events }));
  if (response.statusCode !== 200)
    throw new Error(`POST /events answered ${response.statusCode}: ${response.body}`);
  return (JSON.parse(response.body) as { results: EventResult[] }).results;
}

/** Events at the current time, then the tick after their cohort windows close (and their grace) starts the cohorts. */
export async function postAndTick(engine: LocalEngine, events: readonly object[]): Promise<EventResult[]> {
  const now = engine.clock.now();
  const results = await post(engine, events);
  const closes = [...engine.deps.catalog.journeys.values()].map((journey) => {
    const window = cohortWindowMs(journey);
    return windowReadyAt(windowStart(now, window), window);
  });
  await engine.advanceTo(Math.max(...closes));
  await engine.tick();
  await engine.clock.idle();
  return results;
}

/** Moves time to `target`, ticking on every whole hour on the way (as the simulation does), and at `target`. */
export async function playUntil(engine: LocalEngine, target: string | number): Promise<void> {
  const end = typeof target === 'string' ? Date.parse(target) : target;
  // The ticker on the hour (deferred sends) and once the past hour's windows are ready to take.
  const moments: number[] = [];
  for (let hour = Math.floor(engine.clock.now() / HOUR_MS) * HOUR_MS; hour < end; hour += HOUR_MS)
    moments.push(hour, hour + ENTRY_GRACE_MS);
  for (const moment of moments.filter((at) => at > engine.clock.now() && at < end)) {
    await engine.advanceTo(moment);
    await engine.tick();
  }
  await engine.advanceTo(end);
  await engine.tick();
  await engine.clock.idle();
}

/** The event a test posts, at the engine's current time unless told. */
export function event(
  engine: LocalEngine,
  eventId: string,
  customerId: string,
  name: string,
  properties: Record<string, unknown> = {},
  at = engine.clock.now(),
): object {
  return { eventId, customerId, name, at: new Date(at).toISOString(), properties };
}

/** One funnel metric summed over a journey's rows (all runs), optionally for one step and variant. */
export async function funnelTotal(
  engine: LocalEngine,
  journeyId: string,
  metric: FunnelMetric,
  where: { stepId?: string; variant?: string } = {},
): Promise<number> {
  const rows: FunnelRow[] = await engine.deps.stores.funnel.rows(journeyId);
  return rows
    .filter((row) => where.stepId === undefined || row.stepId === where.stepId)
    .filter((row) => where.variant === undefined || row.variant === where.variant)
    .reduce((sum, row) => sum + (row.counts[metric] ?? 0), 0);
}

/** Distinct messages (one per idempotency key, as a provider that drops redeliveries keeps them). */
export function distinctMessages(delivered: readonly OutgoingMessage[]): OutgoingMessage[] {
  const byKey = new Map<string, OutgoingMessage>();
  for (const message of delivered)
    if (!byKey.has(message.idempotencyKey)) byKey.set(message.idempotencyKey, message);
  return [...byKey.values()];
}

/** "journey/step" of each distinct message a customer got, in delivery order. */
export function stepsReceivedBy(delivered: readonly OutgoingMessage[], customerId: string): string[] {
  return distinctMessages(delivered)
    .filter((message) => message.customerId === customerId)
    .map((message) => `${message.journeyId}/${message.stepId}`);
}

/**
 * A fault for one task role: the first call whose output `crashesAfter` picks does all its work,
 * then throws as if the Lambda crashed, so the state machine's Retry runs it again. `attempts`
 * holds the payload of every call of the role that finished its work.
 */
export function crashAfterWork(role: TaskRole, crashesAfter: (output: unknown) => boolean = () => true) {
  const attempts: unknown[] = [];
  let crashed = false;
  const wrapTask = (name: TaskRole, handler: TaskHandler): TaskHandler =>
    name !== role
      ? handler
      : async (payload) => {
          const output = await handler(payload);
          attempts.push(payload);
          if (!crashed && crashesAfter(output)) {
            crashed = true;
            throw new Error(`the ${role} Lambda crashed after doing its work`);
          }
          return output;
        };
  return { wrapTask, attempts, crashed: () => crashed };
}
