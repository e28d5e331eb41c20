/**
 * The fault model of the fault-injection suite: where a fault lands and what it does. Test-only:
 * nothing outside engine/faults/ and the suite refers to it.
 */

/**
 * - `throw-before`: the handler throws where it would call the store (the call never happens);
 * - `throw-after`: the store call completes, then the handler throws (a crash after the write);
 * - `lose-response`: one DynamoDB request of the call lands, its answer is lost, and the SDK's own
 *   retry sends it again (the write happened; the retry finds it done, or does it twice);
 * - `fail-request`: one DynamoDB request of the call fails without landing and the SDK gives up,
 *   so the store call fails after its earlier requests landed.
 */
export type FaultMode = 'throw-before' | 'throw-after' | 'lose-response' | 'fail-request';

export const FAULT_MODES: readonly FaultMode[] = [
  'throw-before',
  'throw-after',
  'lose-response',
  'fail-request',
];

/** A store call of a handler invocation: the `ordinal`-th call of `call` in that invocation. */
export interface CallSite {
  /** The handler and what it works on: "cart-nudge/Send:send-cart-reminder", "events-api", "ticker". */
  readonly handler: string;
  /** "ledger.claimSend", "funnel.set", "channels.deliver". */
  readonly call: string;
  readonly ordinal: number;
}

/** One fault: at the `invocation`-th invocation of the site's handler in the run (retries count). */
export interface FaultPoint extends CallSite {
  readonly invocation: number;
  readonly mode: FaultMode;
  /** For request faults, which DynamoDB request of the store call (from 0). */
  readonly request?: number;
}

/** A store call as a clean run made it: its site, its handler's invocation, and its DynamoDB requests. */
export interface RecordedCall extends CallSite {
  readonly invocation: number;
  /** The operation of each request it made ("PutItem", "BatchWriteItem"…), in the order they were sent. */
  readonly requests: string[];
}

/** The point's name in reports: handler, call and mode, e.g. "cart-nudge/Grant:grant-cart-coupon ledger.grant#0 throw-after". */
export function pointName(point: FaultPoint): string {
  const request = point.request === undefined ? '' : `@${point.request}`;
  return `${point.handler} ${point.call}#${point.ordinal} ${point.mode}${request}`;
}

/** DynamoDB operations that change something: where a lost answer makes the SDK send a write again. */
export const WRITE_OPERATIONS: ReadonlySet<string> = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
]);
