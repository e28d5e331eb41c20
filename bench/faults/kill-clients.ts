import type { AcceptedEvent } from '../exactly-once-tally.ts';
import { asAccepted, MAX_ATTEMPTS, type Pending, postBatch, runClients } from '../load-clients.ts';

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
      const results = await postBatch(url, batch);
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
  await runClients(clients, client, () => !down && queue.length > 0);
  return { ...round, unsent: queue.splice(0) };
}
