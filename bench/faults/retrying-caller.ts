import type { LocalEngine } from '../../engine/engine.ts';
import type { FaultInjector } from '../../engine/faults/fault-injector.ts';
import { PAYERS } from '../../engine/metering/payers.ts';
import { customerRights } from '../../engine/routes/customer-rights.ts';
import { LAMBDA_CONTEXT } from '../../engine/task-handlers.ts';
import { createImportCustomersHandler } from '../../functions/import-customers/handler.ts';
import type { ImportBatch } from '../../functions/import-customers/import-request.ts';
import type { EventResult } from '../../workflows/contracts/customer.ts';
import { DRIVEN } from './scenario.ts';

/** How often a caller tries before it gives up: one injected fault needs two attempts at most. */
const ATTEMPTS = 4;

/**
 * What calls the engine's handlers from outside, as their callers in AWS do: a client of the
 * events API sends again what failed (the whole batch after a 5xx, the events answered "failed"
 * after a 200); Lambda retries a failed asynchronous invocation (the ticker, a schedule's
 * target); an import's Distributed Map retries its batch; a client retries an erasure.
 */
export class RetryingCaller {
  readonly #importBatch: (batch: ImportBatch) => Promise<unknown>;

  constructor(
    private readonly engine: LocalEngine,
    private readonly injector: FaultInjector,
  ) {
    const handler = createImportCustomersHandler(engine.depsOf(DRIVEN.import));
    this.#importBatch = (batch) => handler(batch as never, LAMBDA_CONTEXT);
  }

  async post(events: readonly object[]): Promise<void> {
    let pending = [...events];
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      const response = (
        await this.#attempt(attempt, PAYERS.eventsApi, () =>
          this.engine.postEvents(JSON.stringify({ events: pending })),
        )
      )?.value;
      if (!response || response.statusCode >= 500) continue;
      if (response.statusCode !== 200) throw new Error(`the events API refused a batch: ${response.body}`);
      const { results } = JSON.parse(response.body) as { results: EventResult[] };
      const refused = results.filter((result) => result.status === 'rejected');
      if (refused.length > 0) throw new Error(`the events API rejected events: ${JSON.stringify(refused)}`);
      pending = results
        .filter((result) => result.status === 'failed')
        .map((result) => pending[result.index] ?? {});
    }
  }

  async tick(): Promise<void> {
    await this.#untilDone(PAYERS.ticker, () => this.engine.tick());
  }

  async fireSchedule(journeyId: string): Promise<void> {
    await this.#untilDone(journeyId, () => this.engine.fireSchedule(journeyId));
  }

  async importRows(batch: ImportBatch): Promise<void> {
    await this.#untilDone(DRIVEN.import, () => this.#importBatch(batch));
  }

  async erase(customerId: string): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      const response = (
        await this.#attempt(attempt, DRIVEN.rights, () =>
          customerRights(this.engine, { method: 'DELETE', route: 'erase', id: customerId }),
        )
      )?.value;
      if (response && response.statusCode < 500) return;
    }
  }

  async #untilDone(handler: string, call: () => Promise<unknown>): Promise<void> {
    for (let attempt = 1; ; attempt += 1) if (await this.#attempt(attempt, handler, call)) return;
  }

  /** One attempt as an invocation of `handler`; undefined when it threw (the caller tries again). */
  async #attempt<T>(
    attempt: number,
    handler: string,
    call: () => Promise<T>,
  ): Promise<{ value: T } | undefined> {
    if (attempt > ATTEMPTS) throw new Error(`${handler} still failed after ${ATTEMPTS} attempts`);
    try {
      return { value: await this.injector.invoke(handler, call) };
    } catch {
      return undefined;
    }
  }
}
