import { createHash } from 'node:crypto';
import type { OutgoingMessage } from '../functions/commons/channels/channel-adapter.ts';
import { feedbackEventId } from '../functions/email-feedback/feedback-event.ts';
import type { CustomerEvent, CustomerProfile } from '../workflows/contracts/customer.ts';
import type { DeliveryEventName } from '../workflows/contracts/delivery-events.ts';
import { tierOf } from '../workflows/evaluation/tier.ts';
import type { Segment } from './behaviour.ts';
import type { Rng } from './random.ts';

/** Per segment, what becomes of an email: chances of each kind of feedback the provider reports. */
export interface FeedbackModel {
  /** Addresses that no longer exist: every email to one bounces hard, until suppression stops them. */
  readonly deadAddress: Readonly<Record<Segment, number>>;
  /** A full mailbox and the like: the email bounces soft, and the address stays. */
  readonly softBounce: Readonly<Record<Segment, number>>;
  /** A delivered email reported as spam. */
  readonly complaint: Readonly<Record<Segment, number>>;
  readonly open: Readonly<Record<Segment, number>>;
  /** The chance of a click once the email is open. */
  readonly clickAfterOpen: Readonly<Record<Segment, number>>;
}

/** Rates in the range retail email reports: engaged high-activity members open most, guests least. */
export const DEFAULT_FEEDBACK: FeedbackModel = {
  deadAddress: { H: 0.005, E: 0.01, A: 0.02, guest: 0.04 },
  softBounce: { H: 0.005, E: 0.01, A: 0.015, guest: 0.02 },
  complaint: { H: 0.0005, E: 0.001, A: 0.002, guest: 0.004 },
  open: { H: 0.45, E: 0.35, A: 0.25, guest: 0.18 },
  clickAfterOpen: { H: 0.3, E: 0.2, A: 0.12, guest: 0.08 },
};

const SECOND_MS = 1_000;
const MINUTE_MS = 60 * SECOND_MS;

/**
 * The provider's feedback on the emails the simulated outbox delivered, as SES would publish it
 * (aws-ses-v2-local publishes none): each email's events are drawn when it is delivered, from a
 * stream of its own, and wait in `pending` (the simulation's state, kept by its checkpoints) until
 * their time comes. Whether an address is dead is the customer's, drawn once from their stream.
 */
export class EmailFeedback {
  constructor(
    private readonly rng: Rng,
    private readonly segmentOf: (customerId: string) => Segment,
    private readonly pending: CustomerEvent[],
    private readonly model: FeedbackModel = DEFAULT_FEEDBACK,
  ) {}

  /** Queues the feedback of one delivered email; false when it bounced, so its customer never saw it. */
  deliver(message: OutgoingMessage): boolean {
    if (message.channel !== 'email') return true;
    const events = this.#feedbackOf(message);
    this.pending.push(...events);
    return !events.some((event) => event.name === 'email_bounced');
  }

  /** The queued events that happened by `until`, in time order, taken off the queue. */
  takeDue(until: number): CustomerEvent[] {
    const due = this.pending.filter((event) => Date.parse(event.at) <= until);
    if (due.length === 0) return [];
    const later = this.pending.filter((event) => Date.parse(event.at) > until);
    this.pending.splice(0, this.pending.length, ...later);
    return due.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.eventId.localeCompare(b.eventId));
  }

  #feedbackOf(message: OutgoingMessage): CustomerEvent[] {
    const segment = this.segmentOf(message.customerId);
    const model = this.model;
    const rng = this.rng.fork(message.idempotencyKey);
    // Every draw is made whatever the outcome, so one outcome never shifts another's numbers.
    const dead = this.rng.fork(`address:${message.customerId}`).chance(model.deadAddress[segment]);
    const soft = rng.chance(model.softBounce[segment]);
    const complains = rng.chance(model.complaint[segment]);
    const opens = rng.chance(model.open[segment]);
    const clicks = rng.chance(model.clickAfterOpen[segment]);
    const deliveredAt = message.at + rng.int(1, 20) * SECOND_MS;
    const openedAt = deliveredAt + rng.int(5, 36 * 60) * MINUTE_MS;
    const clickedAt = openedAt + rng.int(10, 600) * SECOND_MS;
    const complainedAt = deliveredAt + rng.int(30, 48 * 60) * MINUTE_MS;
    const event = feedbackEvent(message);
    if (dead)
      return [event('email_bounced', message.at + rng.int(1, 60) * SECOND_MS, { bounceType: 'hard' })];
    if (soft)
      return [event('email_bounced', message.at + rng.int(10, 6 * 60) * MINUTE_MS, { bounceType: 'soft' })];
    return [
      event('email_delivered', deliveredAt),
      ...(opens ? [event('email_opened', openedAt)] : []),
      ...(opens && clicks
        ? [event('email_clicked', clickedAt, { link: `https://shop.example.com/${message.journeyId}` })]
        : []),
      ...(complains ? [event('email_complained', complainedAt)] : []),
    ];
  }
}

/** The events of one message, with ids made as the feedback function makes them from SES's message id. */
function feedbackEvent(message: OutgoingMessage) {
  const messageId = `sim-${createHash('sha256').update(message.idempotencyKey).digest('hex').slice(0, 40)}`;
  const reference = {
    idempotencyKey: message.idempotencyKey,
    journeyId: message.journeyId,
    runId: message.runId,
    stepId: message.stepId,
  };
  return (name: DeliveryEventName, at: number, extra: Record<string, string> = {}): CustomerEvent =>
    ({
      eventId: feedbackEventId(messageId, name),
      customerId: message.customerId,
      name,
      at: new Date(at).toISOString(),
      properties: { ...reference, ...extra },
    }) as CustomerEvent;
}

/** The segment whose rates apply to a customer, as the behaviour model has it. */
export function segmentOfProfile(profile: CustomerProfile | undefined): Segment {
  return (profile && (profile.tier ?? tierOf(profile))) ?? 'guest';
}
