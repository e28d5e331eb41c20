import type { AcceptedEvent } from '../exactly-once-tally.ts';
import type { LoadEvent } from '../load-clients.ts';

/** An event on its way, with the times it was posted. */
export interface Pending {
  readonly event: LoadEvent;
  attempts: number;
}

/** What the clients saw before the server went away (or all the events were answered). */
export interface PostingRound {
  /** Events a 200 answered `accepted`. */
  readonly accepted: AcceptedEvent[];
  /** Events a 200 answered `duplicate`: an earlier post was applied, its answer lost. */
  readonly duplicates: AcceptedEvent[];
  /** Batches posted with no answer (the server died under them), to post again with the same ids. */
  readonly unanswered: Pending[][];
  /** Batches no client took before the clients stopped. */
  readonly unsent: Pending[][];
  /** Events still failed after every attempt, or rejected. */
  readonly givenUp: number;
  readonly requests: number;
}

/** A client posts an event the answer says failed at most this often. */
const MAX_ATTEMPTS = 5;

const asAccepted = (entry: Pending): AcceptedEvent => {
  const { eventId, customerId } = entry.event.body;
  const { orderValue } = entry.event;
  return { eventId, customerId, ...(orderValue !== undefined ? { orderValue } : {}) };
};

/**
 * `clients` clients post `queue`'s batches to `url` (POST /events), each its next batch when the
 * last is answered. A batch with no answer (the connection refused or reset) is kept for the
 * restart and stops its client, as a client whose server is gone; an event answered `failed` goes
 * back on the queue. `onAnswer` hears each answered request, to time a kill.
 */
export async function postUntilDown(
  url: string,
  queue: Pending[][],
  clients: number,
  onAnswer: (answered: number) => void = () => {},
): Promise<PostingRound> {
  const round = {
    accepted: [] as AcceptedEvent[],
    duplicates: [] as AcceptedEvent[],
    unanswered: [] as Pending[][],
    givenUp: 0,
    requests: 0,
  };
  let answered = 0;
  let down = false;
  const client = async () => {
    for (let batch = down ? undefined : queue.shift(); batch; batch = down ? undefined : queue.shift()) {
      for (const entry of batch) entry.attempts += 1;
      round.requests += 1;
      let results: { status: string }[] | undefined;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ events: batch.map((entry) => entry.event.body) }),
        });
        const text = await response.text();
        if (response.status === 200)
          results = (JSON.parse(text) as { results: { status: string }[] }).results;
      } catch {
        // No answer: whether the server applied any of it is unknown.
      }
      if (!results) {
        round.unanswered.push(batch);
        down = true;
        return;
      }
      answered += 1;
      const failed = batch.filter((entry, index) => {
        const status = results[index]?.status;
        if (status === 'accepted') round.accepted.push(asAccepted(entry));
        else if (status === 'duplicate') round.duplicates.push(asAccepted(entry));
        else if (status === 'rejected' || entry.attempts >= MAX_ATTEMPTS) round.givenUp += 1;
        else return true;
        return false;
      });
      if (failed.length > 0) queue.push(failed);
      onAnswer(answered);
    }
  };
  // A client whose queue runs dry while another's failed events may still come back waits for them.
  const running = new Set<Promise<void>>();
  const start = () => {
    const work = client().finally(() => running.delete(work));
    running.add(work);
  };
  for (let index = 0; index < clients; index += 1) start();
  while (running.size > 0) {
    await Promise.race(running);
    while (!down && queue.length > 0 && running.size < clients) start();
  }
  return { ...round, unsent: queue.splice(0) };
}
