import { type FaultPoint, type RecordedCall, WRITE_OPERATIONS } from '../../engine/faults/fault-points.ts';
import { functionOfRole } from '../../functions/function-table.ts';
import { createRng } from '../../simulation/random.ts';
import { TASK_ROLES, type TaskRole } from '../../workflows/compiler/asl.ts';

/** The functions the scenario's drivers call, by the handler label it invokes them under. */
const DRIVER_FUNCTIONS: Record<string, string> = {
  'events-api': 'ingest-events',
  ticker: 'start-cohorts',
  import: 'import-customers',
  'customer-rights': 'customer-rights',
};

/**
 * The function (Lambda) a handler label belongs to: "cart-nudge/Send:send-cart-reminder" is the
 * send function, "events-api" ingest-events, and a journey's schedule ("preheat-618") start-cohorts.
 */
export function functionOf(handler: string): string {
  const role = handler.match(/\/(\w+)(?::|$)/)?.[1];
  if (role && (TASK_ROLES as readonly string[]).includes(role)) return functionOfRole(role as TaskRole);
  return DRIVER_FUNCTIONS[handler] ?? 'start-cohorts';
}

/** A store call of a function, wherever it runs: the unit the suite puts each fault mode at. */
export interface Site {
  readonly fn: string;
  readonly call: string;
  readonly ordinal: number;
}

export const siteName = (site: Site) => `${site.fn} ${site.call}#${site.ordinal}`;

/**
 * The fault points of a clean run's store calls. For every function and every store call in it
 * (its k-th call of that method in an invocation), a seeded pick of one invocation where it
 * happened gets each mode that can do something there: a throw before the call and one after it;
 * for a call that writes, the answer of its first write lost; for a call of several requests, its
 * second request failed after the first landed. Sorted by site, then mode.
 */
export function faultPoints(recorded: readonly RecordedCall[], seed: number): FaultPoint[] {
  const bySite = new Map<string, RecordedCall[]>();
  for (const call of recorded) {
    const name = siteName({ fn: functionOf(call.handler), call: call.call, ordinal: call.ordinal });
    bySite.set(name, [...(bySite.get(name) ?? []), call]);
  }
  return [...bySite.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .flatMap(([name, calls]) => {
      const chosen =
        calls[
          createRng(seed)
            .fork(name)
            .int(0, calls.length - 1)
        ];
      if (!chosen) return [];
      const at = {
        handler: chosen.handler,
        invocation: chosen.invocation,
        call: chosen.call,
        ordinal: chosen.ordinal,
      };
      const points: FaultPoint[] = [
        { ...at, mode: 'throw-before' },
        { ...at, mode: 'throw-after' },
      ];
      const firstWrite = chosen.requests.findIndex((operation) => WRITE_OPERATIONS.has(operation));
      if (firstWrite >= 0) points.push({ ...at, mode: 'lose-response', request: firstWrite });
      if (chosen.requests.length > 1) points.push({ ...at, mode: 'fail-request', request: 1 });
      return points;
    });
}

/**
 * `count` of the points, drawn with the seed: first one mode at every site, so every store call
 * of every function is tried, then other modes until there are `count`. All of them when `count`
 * is at least their number. In the order of `points`.
 */
export function samplePoints(points: readonly FaultPoint[], count: number, seed: number): FaultPoint[] {
  if (count >= points.length) return [...points];
  const rng = createRng(seed).fork('sample');
  const bySite = new Map<string, FaultPoint[]>();
  for (const point of points) {
    const name = siteName({ fn: functionOf(point.handler), call: point.call, ordinal: point.ordinal });
    bySite.set(name, [...(bySite.get(name) ?? []), point]);
  }
  const chosen = new Set<FaultPoint>();
  const rest: FaultPoint[] = [];
  // Sites in a seeded order, so that a sample smaller than the sites spreads over the functions.
  const sites = [...bySite.values()];
  for (let index = sites.length - 1; index > 0; index -= 1) {
    const other = rng.int(0, index);
    [sites[index], sites[other]] = [sites[other] ?? [], sites[index] ?? []];
  }
  for (const modes of sites) {
    const pick = rng.int(0, modes.length - 1);
    modes.forEach((point, index) => {
      if (index === pick && chosen.size < count) chosen.add(point);
      else rest.push(point);
    });
  }
  while (chosen.size < count && rest.length > 0) {
    const [point] = rest.splice(rng.int(0, rest.length - 1), 1);
    if (point) chosen.add(point);
  }
  return points.filter((point) => chosen.has(point));
}
