import { SHARD_WAIT_MS, TICK_PERIOD_MS, TICK_WAIT_MS } from '../functions/commons/channels/pacing.ts';
import type { Constraint } from './fan-out-constraints.ts';

/**
 * The email provider's maximum send rate as a fan-out constraint, in the pacing design of
 * functions/commons/channels/paced-delivery.ts: shards send what falls within their wait
 * (SHARD_WAIT_MS), the ticker sends the slots deferred past it. A tick waits at most TICK_WAIT_MS
 * of its TICK_PERIOD_MS, so it keeps at most that share of the slots; a slot it misses goes unused
 * and its message takes a new one. The time is a lower bound (docs/performance.md says what
 * makes a tick keep less).
 */

/** The share of deferred slots the ticker keeps at best: 50 s of each minute. */
export const TICKER_SLOT_SHARE = TICK_WAIT_MS / TICK_PERIOD_MS;

/**
 * Write units of one shard's deferral for the rate: its item of up to 500 due times and slots
 * (about 30 KB with long customer ids), written once and deleted once by the ticker. @default 60
 */
export const DEFERRAL_WRITE_UNITS_PER_SHARD = 60;

/** Seconds to hand `emails` to a provider taking `perSecond`, paced as above: at least this long. */
export function providerSeconds(emails: number, perSecond: number): number {
  if (!(perSecond > 0)) throw new RangeError(`expected a send rate above 0, got ${perSecond}`);
  const inShards = Math.min(emails, (perSecond * SHARD_WAIT_MS) / 1000);
  return inShards / perSecond + (emails - inShards) / (perSecond * TICKER_SLOT_SHARE);
}

/** Whether shards defer email at all: more than the first wait's worth of slots. */
export const defersForRate = (emails: number, perSecond: number) =>
  emails > (perSecond * SHARD_WAIT_MS) / 1000;

export function providerRateConstraint(emails: number, perSecond: number): Constraint {
  return {
    id: 'provider-send-rate',
    limit: "The email provider's maximum send rate (SES account quota; deploy context emailMaxPerSecond)",
    seconds: providerSeconds(emails, perSecond),
    detail: `${emails} emails at ${perSecond}/s; past the first ${SHARD_WAIT_MS / 1000} s the ticker keeps at most ${Math.round(TICKER_SLOT_SHARE * 100)}% of the slots`,
  };
}
