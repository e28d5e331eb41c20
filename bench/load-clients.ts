import type { AcceptedEvent } from './exactly-once-tally.ts';

/** One event the load posts, with what its acceptance should add to the profile. */
export interface LoadEvent {
  readonly body: { readonly eventId: string; readonly customerId: string } & Record<string, unknown>;
  readonly orderValue?: number;
}

/** What the clients of one phase saw. */
export interface PostingOutcome {
  readonly accepted: AcceptedEvent[];
  /** Each POST's time to its answer, in milliseconds. */
  readonly latenciesMs: number[];
  readonly requests: number;
  /** Answers other than 200, and requests that got no answer. */
  readonly httpErrors: number;
  /** Events the answer said failed (each posted again, with the same id) or were rejected. */
  readonly failedEvents: number;
  readonly rejectedEvents: number;
  /** Events still not accepted after every attempt. */
  readonly givenUp: number;
  /** From the first POST to the last answer. */
  readonly seconds: number;
}

/** An event on its way, with the times it was posted. */
export interface Pending {
  readonly event: LoadEvent;
  attempts: number;
}

/** A client posts an event at most this often before it gives up on it. */
export const MAX_ATTEMPTS = 5;

/** The event as the tally counts it, once the events API has applied it. */
export const asAccepted = ({ event }: Pending): AcceptedEvent => {
  const { eventId, customerId } = event.body;
  const { orderValue } = event;
  return { eventId, customerId, ...(orderValue !== undefined ? { orderValue } : {}) };
};

/** POSTs one batch to the events API: each event's result, or nothing when no 200 came back. */
export async function postBatch(
  url: string,
  batch: readonly Pending[],
): Promise<{ status: string }[] | undefined> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ events: batch.map((entry) => entry.event.body) }),
    });
    const text = await response.text();
    if (response.status === 200) return (JSON.parse(text) as { results: { status: string }[] }).results;
  } catch {
    // No answer: whether the server applied any of it is unknown, so the caller posts it again.
  }
  return undefined;
}

/**
 * Runs `count` clients at once. A client whose queue runs dry while another's batch may still
 * come back is started again when it does, while `more()` says there is work.
 */
export async function runClients(
  count: number,
  client: () => Promise<void>,
  more: () => boolean,
): Promise<void> {
  const running = new Set<Promise<void>>();
  const start = () => {
    const work = client().finally(() => running.delete(work));
    running.add(work);
  };
  for (let index = 0; index < count; index += 1) start();
  while (running.size > 0) {
    await Promise.race(running);
    while (more() && running.size < count) start();
  }
}

/**
 * Posts `events` to `url` (POST /events) as batches of `batchSize` from `clients` clients at
 * once, each sending its next batch when the last is answered. An event the answer says failed,
 * and a batch with no good answer, go back on the queue unchanged: a client's retry, which the
 * events API must apply once.
 */
export async function postEvents(
  url: string,
  events: readonly LoadEvent[],
  options: { readonly batchSize: number; readonly clients: number },
): Promise<PostingOutcome> {
  const queue: Pending[][] = [];
  for (let start = 0; start < events.length; start += options.batchSize)
    queue.push(events.slice(start, start + options.batchSize).map((event) => ({ event, attempts: 0 })));
  const outcome = {
    accepted: [] as AcceptedEvent[],
    latenciesMs: [] as number[],
    requests: 0,
    httpErrors: 0,
    failedEvents: 0,
    rejectedEvents: 0,
    givenUp: 0,
  };
  const retry = (batch: Pending[]) => {
    const again = batch.filter((entry) => entry.attempts < MAX_ATTEMPTS);
    outcome.givenUp += batch.length - again.length;
    if (again.length > 0) queue.push(again);
  };
  const client = async () => {
    for (let batch = queue.shift(); batch; batch = queue.shift()) {
      for (const entry of batch) entry.attempts += 1;
      const began = performance.now();
      outcome.requests += 1;
      const results = await postBatch(url, batch);
      outcome.latenciesMs.push(performance.now() - began);
      if (!results) {
        outcome.httpErrors += 1;
        retry(batch);
        continue;
      }
      const failed: typeof batch = [];
      batch.forEach((entry, index) => {
        const status = results[index]?.status;
        if (status === 'accepted' || status === 'duplicate') outcome.accepted.push(asAccepted(entry));
        else if (status === 'rejected') outcome.rejectedEvents += 1;
        else {
          outcome.failedEvents += 1;
          failed.push(entry);
        }
      });
      if (failed.length > 0) retry(failed);
    }
  };
  const began = performance.now();
  await runClients(options.clients, client, () => queue.length > 0);
  return { ...outcome, seconds: (performance.now() - began) / 1000 };
}
