import type { JourneysError } from '../commons/runtime/errors.ts';
import { zodProblems } from '../commons/runtime/zod-problems.ts';
import type { HttpResponse } from '../ingest-events/events-request.ts';
import { applyErasure } from './apply-erasure.ts';
import { exportOf } from './customer-export.ts';
import { isEmptyPlan, planErasure } from './erasure-plan.ts';
import { gatherHoldings } from './holdings.ts';
import type { RightsDeps } from './rights-deps.ts';
import { CustomerExport, CustomerRightsPath, ErasureAnswer, ErasureCounts } from './rights-schemas.ts';

/** One request to the customer-rights routes, as API Gateway and `journeys serve` both give it. */
export interface CustomerRightsRequest {
  readonly method: string;
  /** Which route: DELETE /customers/{id}, or GET /customers/{id}/export. */
  readonly route: 'erase' | 'export';
  /** The {id} as it came, percent-encoded or not. */
  readonly id: string | undefined;
}

const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  body: JSON.stringify(body),
});

/** A path parameter as given; API Gateway may pass it percent-encoded, and no valid id holds a "%". */
function decoded(value: string | undefined): string | undefined {
  if (value === undefined || !value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * DELETE /customers/{id} erases the customer and answers what it removed, once it is all done;
 * asked again, it answers the same. GET /customers/{id}/export answers everything held about them.
 * A bad id is refused with 400 and changes nothing. Logs carry the customer's pseudonym and
 * counts, never the id.
 */
export async function handleCustomerRightsRequest(
  request: CustomerRightsRequest,
  deps: RightsDeps,
): Promise<HttpResponse> {
  const method = request.method.toUpperCase();
  const expected = request.route === 'erase' ? 'DELETE' : 'GET';
  if (method !== expected)
    return json(
      405,
      { message: `use ${expected} /customers/{id}${request.route === 'export' ? '/export' : ''}` },
      { allow: expected },
    );
  const parsed = CustomerRightsPath.safeParse({ path: { id: decoded(request.id) } }, { reportInput: true });
  if (!parsed.success)
    return json(400, { message: 'expected a customer id in the path', problems: zodProblems(parsed.error) });
  const customerId = parsed.data.path.id;
  try {
    return request.route === 'erase' ? await erase(customerId, deps) : await exportCustomer(customerId, deps);
  } catch (error) {
    const exposed = error as JourneysError & { statusCode?: number; expose?: boolean };
    if (exposed.expose && exposed.statusCode) return json(exposed.statusCode, { message: exposed.message });
    deps.logger.error('customer rights request failed', { route: request.route, error: exposed.name });
    return json(500, { message: 'internal error' });
  }
}

async function erase(customerId: string, deps: RightsDeps): Promise<HttpResponse> {
  const pseudonym = deps.stores.erasures.pseudonymOf(customerId);
  const holdings = await gatherHoldings(customerId, deps);
  const plan = planErasure(holdings);
  const known = holdings.tombstone;
  // Nothing left to remove and erased before: the answer of that erasure, unchanged.
  if (known && isEmptyPlan(plan)) {
    deps.logger.info('customer erasure repeated', { subject: pseudonym });
    const counts = Object.fromEntries(
      Object.keys(plan.removed).map((kind) => [kind, known.removed[kind] ?? 0]),
    );
    return json(200, answerOf(known.erasedAt, ErasureCounts.parse(counts)));
  }
  // A retry of an erasure that stopped part-way finds part of what the first attempt counted:
  // the record keeps the first attempt's time and, per kind, the larger count.
  const erasedAt = known?.erasedAt ?? deps.clock.now();
  const removed = known ? largerCounts(known.removed, plan.removed) : plan.removed;
  // The tombstone first: an import running meanwhile must not bring the customer back.
  await deps.stores.erasures.record(customerId, { erasedAt, removed });
  await applyErasure(plan, pseudonym, deps);
  await eraseWhatArrived(customerId, pseudonym, deps);
  deps.logger.info('customer erased', { subject: pseudonym, removed });
  return json(200, answerOf(erasedAt, removed));
}

/** Passes after the first: enough for events in flight when the erasure began, never a loop. */
const LATE_PASSES = 3;

/**
 * An event in flight while the erasure ran may land after the store it writes was cleared (its
 * timeline entry after the timeline went, a profile written before the profile went). The
 * answer comes once a fresh read finds nothing: what arrived meanwhile is erased with the rest,
 * and the answer keeps the first pass's counts, so a repeat answers the same.
 */
async function eraseWhatArrived(customerId: string, pseudonym: string, deps: RightsDeps): Promise<void> {
  for (let pass = 0; pass < LATE_PASSES; pass += 1) {
    const late = planErasure(await gatherHoldings(customerId, deps));
    if (isEmptyPlan(late)) return;
    await applyErasure(late, pseudonym, deps);
    deps.logger.info('customer erasure took what arrived meanwhile', {
      subject: pseudonym,
      removed: late.removed,
    });
  }
}

function largerCounts(recorded: Readonly<Record<string, number>>, found: ErasureCounts): ErasureCounts {
  return ErasureCounts.parse(
    Object.fromEntries(
      Object.entries(found).map(([kind, count]) => [kind, Math.max(count, recorded[kind] ?? 0)]),
    ),
  );
}

function answerOf(erasedAt: number, removed: ErasureCounts): ErasureAnswer {
  return ErasureAnswer.parse({ erased: true, erasedAt: new Date(erasedAt).toISOString(), removed });
}

async function exportCustomer(customerId: string, deps: RightsDeps): Promise<HttpResponse> {
  const holdings = await gatherHoldings(customerId, deps);
  const document = CustomerExport.parse(exportOf(holdings, deps.clock.now()));
  deps.logger.info('customer exported', {
    subject: deps.stores.erasures.pseudonymOf(customerId),
    timelineEvents: document.timeline.length,
    sends: document.sends.length,
  });
  return json(200, document);
}
