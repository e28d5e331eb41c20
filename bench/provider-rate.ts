import {
  type RATE_VARIABLES,
  SHARD_WAIT_MS,
  TICK_PERIOD_MS,
  TICK_WAIT_MS,
} from '../functions/commons/channels/pacing.ts';
import type { Constraint } from './fan-out-constraints.ts';

/** The channels paced to a provider's rate (in-app messages stay in our own table). */
export type PacedChannel = keyof typeof RATE_VARIABLES;

/**
 * A channel provider's rate (SES's for email, End User Messaging SMS's, SNS's, a webhook
 * receiver's) as a fan-out constraint, in the pacing design of
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

/** Seconds to hand `messages` to a provider taking `perSecond`, paced as above: at least this long. */
export function providerSeconds(messages: number, perSecond: number): number {
  if (!(perSecond > 0)) throw new RangeError(`expected a send rate above 0, got ${perSecond}`);
  const inShards = Math.min(messages, (perSecond * SHARD_WAIT_MS) / 1000);
  return inShards / perSecond + (messages - inShards) / (perSecond * TICKER_SLOT_SHARE);
}

/** Whether shards defer messages at all: more than the first wait's worth of slots. */
export const defersForRate = (messages: number, perSecond: number) =>
  messages > (perSecond * SHARD_WAIT_MS) / 1000;

/** A channel paced to its provider's rate, as a fan-out input: one message per customer. */
export interface ProviderRate {
  readonly channel: PacedChannel;
  readonly perSecond: number;
}

/** What binds each channel's rate, as the fan-out model names it, and what it counts. */
const RATE_LIMITS: Record<PacedChannel, { readonly limit: string; readonly counts: string }> = {
  email: {
    limit: "The email provider's maximum send rate (SES account quota; deploy context emailMaxPerSecond)",
    counts: 'emails',
  },
  sms: {
    limit:
      "End User Messaging SMS's message parts per second (the origination identity's MPS; deploy context smsMaxPerSecond)",
    counts: 'SMS',
  },
  push: {
    limit: "SNS's Publish rate for mobile push (account quota; deploy context pushMaxPerSecond)",
    counts: 'push publishes',
  },
  webhook: {
    limit: 'What the webhook receiver takes (deploy context webhookMaxPerSecond)',
    counts: 'webhooks',
  },
};

export function providerRateConstraint(messages: number, rate: ProviderRate): Constraint {
  const { limit, counts } = RATE_LIMITS[rate.channel];
  return {
    id: 'provider-send-rate',
    limit,
    seconds: providerSeconds(messages, rate.perSecond),
    detail: `${messages} ${counts} at ${rate.perSecond}/s; past the first ${SHARD_WAIT_MS / 1000} s the ticker keeps at most ${Math.round(TICKER_SLOT_SHARE * 100)}% of the slots`,
  };
}
