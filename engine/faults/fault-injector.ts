import { AsyncLocalStorage } from 'node:async_hooks';
import type { RuntimeDeps } from '../../functions/commons/runtime/runtime-deps.ts';
import type { TaskRole } from '../../workflows/compiler/asl.ts';
import type { TaskHandler } from '../state-machine.ts';
import type { CallSite, FaultMode, FaultPoint, RecordedCall } from './fault-points.ts';
import { pointName } from './fault-points.ts';
import { instrumentMethods } from './instrument.ts';
import { type RequestFaults, routeRequestsTo } from './transport-faults.ts';

/** What an injected fault throws, named so that a log or a failed execution says it was injected. */
export class InjectedFault extends Error {
  override readonly name = 'InjectedFault';
}

interface Invocation {
  readonly handler: string;
  readonly index: number;
  /** How many calls of each store method the invocation has made so far. */
  readonly calls: Map<string, number>;
}

interface StoreCall {
  readonly requests: string[];
  /** The request fault this call carries, until it fires. */
  readonly fault: FaultPoint | undefined;
}

/** The modes that act on one DynamoDB request of a store call rather than around the call. */
const REQUEST_MODES: ReadonlySet<FaultMode> = new Set(['lose-response', 'fail-request']);

/**
 * Injects one fault into a run of the embedded engine, and records every store call the run's
 * handlers make, with the DynamoDB requests of each: without a point, the fault points of a clean
 * run. Handlers are told apart by invocation (`wrapTask` for the state machines' tasks, `invoke`
 * for what a driver calls: the events API, the ticker, a schedule), store calls by the methods of
 * each handler's stores (`instrument`), and requests at the engine's transport to dynalite, below
 * the SDK's retry (`transport-faults.ts`). Test-only: an engine never meets it unless a run hands
 * it over, and then only for that run.
 */
export class FaultInjector implements RequestFaults {
  /** Every store call the run's invocations made, with its requests (a lost answer's resend among them). */
  readonly recorded: RecordedCall[] = [];
  readonly #point: FaultPoint | undefined;
  #fired = false;
  readonly #invocations = new AsyncLocalStorage<Invocation>();
  readonly #calls = new AsyncLocalStorage<StoreCall>();
  readonly #counts = new Map<string, number>();
  readonly #instrumented = new WeakSet<object>();
  #detach: (() => void) | undefined;

  /** Without a point, only records; with one, injects it once. */
  constructor(point?: FaultPoint) {
    this.#point = point;
  }

  /** Whether the fault has been injected (a point the run never reached leaves it false). */
  get fired(): boolean {
    return this.#fired;
  }

  /** Takes the engine's DynamoDB requests until `detach`: one injector at a time. */
  attach(): void {
    this.#detach = routeRequestsTo(this);
  }

  detach(): void {
    this.#detach?.();
    this.#detach = undefined;
  }

  /** One invocation of a handler, which its store calls are counted in. */
  invoke<T>(handler: string, call: () => Promise<T>): Promise<T> {
    const index = this.#counts.get(handler) ?? 0;
    this.#counts.set(handler, index + 1);
    // Async, so a fault thrown as a synchronous store method is called still ends in a rejection.
    return this.#invocations.run({ handler, index, calls: new Map() }, async () => call());
  }

  /** For LocalEngineOptions.wrapTask: each task call is an invocation, named by its journey, role and step. */
  readonly wrapTask = (role: TaskRole, handler: TaskHandler): TaskHandler => {
    return (payload) => this.invoke(taskLabel(role, payload), () => handler(payload));
  };

  /** Counts and faults the calls of these dependencies' stores, channels and execution starter. */
  instrument(deps: RuntimeDeps): void {
    for (const [name, store] of Object.entries(deps.stores)) if (store) this.#wrap(store as object, name);
    this.#wrap(deps.channels, 'channels');
    this.#wrap(deps.executions, 'executions');
  }

  #wrap(target: object, prefix: string): void {
    if (this.#instrumented.has(target)) return;
    this.#instrumented.add(target);
    instrumentMethods(target, prefix, (call, run) => this.#storeCall(call, run));
  }

  #storeCall(name: string, run: () => unknown): unknown {
    const invocation = this.#invocations.getStore();
    if (!invocation) return run();
    const ordinal = invocation.calls.get(name) ?? 0;
    invocation.calls.set(name, ordinal + 1);
    const site = { handler: invocation.handler, call: name, ordinal };
    const point = this.#pointAt(site, invocation.index);
    const call: StoreCall = {
      requests: [],
      fault: point && REQUEST_MODES.has(point.mode) ? point : undefined,
    };
    this.recorded.push({ ...site, invocation: invocation.index, requests: call.requests });
    if (point?.mode === 'throw-before') return this.#fire(point);
    const result = this.#calls.run(call, run);
    if (point?.mode !== 'throw-after') return result;
    return isThenable(result) ? result.then(() => this.#fire(point)) : this.#fire(point);
  }

  #pointAt(site: CallSite, invocation: number): FaultPoint | undefined {
    const point = this.#point;
    if (!point || this.#fired) return undefined;
    const here =
      point.handler === site.handler &&
      point.invocation === invocation &&
      point.call === site.call &&
      point.ordinal === site.ordinal;
    return here ? point : undefined;
  }

  #fire(point: FaultPoint): never {
    this.#fired = true;
    throw new InjectedFault(`injected: ${pointName(point)}`);
  }

  async request<T>(operation: string, send: () => Promise<T>): Promise<T> {
    const call = this.#calls.getStore();
    if (!call) return send();
    const index = call.requests.length;
    call.requests.push(operation);
    const fault = call.fault;
    if (!fault || this.#fired || fault.request !== index) return send();
    this.#fired = true;
    if (fault.mode === 'fail-request') throw new InjectedFault(`injected: ${pointName(fault)}`);
    await send();
    // The write landed; the answer is lost as a reset connection, which the SDK retries.
    throw Object.assign(new Error(`injected: ${pointName(fault)} (socket hang up)`), { code: 'ECONNRESET' });
  }
}

/** "journey/Role:step" of a task's payload: the step, or the operation of one without a step. */
export function taskLabel(role: TaskRole, payload: unknown): string {
  const task = payload as {
    run?: { journeyId?: string };
    step?: { id?: string };
    stepId?: string;
    operation?: string;
    journeyId?: string;
  };
  const journeyId = task.run?.journeyId ?? task.journeyId ?? '?';
  const what = task.step?.id ?? task.stepId ?? task.operation ?? '';
  return `${journeyId}/${role}${what ? `:${what}` : ''}`;
}

function isThenable(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}
