import { AsyncLocalStorage } from 'node:async_hooks';

const journeyOfWork = new AsyncLocalStorage<string>();

/**
 * Runs `work` as work done for one journey inside an invocation that serves several (the ticker's
 * cohorts, the events API's entries). A runtime that keeps accounts by journey reads it.
 */
export function forJourney<T>(journeyId: string, work: () => Promise<T>): Promise<T> {
  return journeyOfWork.run(journeyId, work);
}

/** The journey the work under way is for, when it runs inside `forJourney`. */
export function currentJourney(): string | undefined {
  return journeyOfWork.getStore();
}
