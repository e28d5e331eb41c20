import { schemaViolations } from '../language/schema-violations.ts';
import { formatPath } from '../rules/violation.ts';
import { DEFAULT_SEGMENT_TRACKS, type SegmentSettings } from '../schema/segment-settings.ts';
import { cartProperties, orderProperties } from './commerce-properties.ts';
import { customTrackName } from './event-names.ts';
import { type CallProblem, type MappedProperties, own, profileProperties } from './profile-traits.ts';
import { type IdentifyCall, SegmentCall, type TrackCall } from './spec.ts';

/** What a batch's messages share: when it arrived, when the client sent it, and its context. */
export interface CallEnvelope {
  /** When the server took the request, epoch ms. */
  readonly receivedAt: number;
  /** The batch's sentAt, which corrects the clock of a client whose messages carry originalTimestamp only. */
  readonly sentAt?: string;
  readonly context?: Readonly<Record<string, unknown>>;
}

/** One Segment call as an event of the events API, or why it cannot be one. */
export interface MappedCall {
  readonly messageId?: string;
  /** The event to ingest (validated there like any other), when the call maps to one. */
  readonly event?: Readonly<Record<string, unknown>>;
  readonly problems: readonly CallProblem[];
  /** Our path (from the event's root) → the call's, to name an ingest problem where the sender wrote it. */
  readonly sources: Readonly<Record<string, string>>;
}

/**
 * Maps one Segment call: userId is the customer, messageId the event id (so a retried call is a
 * duplicate), the timestamp its time; identify updates the profile (profile_updated), and a track
 * event becomes the event the settings map its name to, or a custom one.
 */
export function mapSegmentCall(raw: unknown, settings: SegmentSettings, envelope: CallEnvelope): MappedCall {
  const rawId =
    typeof raw === 'object' && raw !== null ? own(raw as Record<string, unknown>, 'messageId') : undefined;
  const messageId = typeof rawId === 'string' ? rawId : undefined;
  const parsed = SegmentCall.safeParse(raw, { reportInput: true });
  if (!parsed.success)
    return {
      messageId,
      sources: {},
      problems: schemaViolations(parsed.error.issues).map((violation) => ({
        path: formatPath(violation.path),
        message: violation.message,
      })),
    };
  const call = parsed.data;
  const problems: CallProblem[] = [...identityProblems(call)];
  const at = eventTime(call, envelope);
  if ('problem' in at) problems.push(at.problem);
  const body =
    call.type === 'track' ? trackEvent(call, settings, envelope) : identifyEvent(call, settings, envelope);
  problems.push(...body.problems);
  if (problems.length > 0 || !('at' in at) || !('name' in body)) return { messageId, problems, sources: {} };
  return {
    messageId,
    problems,
    event: {
      eventId: call.messageId,
      customerId: String(call.userId),
      name: body.name,
      at: at.at,
      properties: body.properties,
    },
    sources: {
      eventId: 'messageId',
      customerId: 'userId',
      at: call.timestamp !== undefined ? 'timestamp' : 'originalTimestamp',
      name: call.type === 'track' ? 'event' : 'type',
      ...body.sources,
    },
  };
}

function identityProblems(call: SegmentCall): CallProblem[] {
  const problems: CallProblem[] = [];
  if (call.messageId === undefined)
    problems.push({
      path: 'messageId',
      message: 'is required: expected the message id, which makes a retried call a duplicate',
    });
  if (call.userId === undefined || call.userId === '')
    problems.push({
      path: 'userId',
      message:
        call.anonymousId !== undefined
          ? 'an anonymousId alone names a visitor, not a customer: expected a userId (identify the visitor once they sign up or sign in)'
          : 'is required: expected the customer id',
    });
  return problems;
}

/**
 * The event's time as Segment's spec computes it: receivedAt - (sentAt - originalTimestamp),
 * where the original time is the `timestamp` a library set (analytics-node sets one on every
 * message) or else `originalTimestamp`, and sentAt is the message's or the batch's. So a client
 * whose clock is off has its times moved by that error; without a sentAt the time is taken as
 * sent (an import of history); without either time it is the receipt. A call Segment delivers
 * (with its receivedAt) carries the timestamp it corrected.
 */
function eventTime(call: SegmentCall, envelope: CallEnvelope): { at: string } | { problem: CallProblem } {
  const parse = (
    field: 'timestamp' | 'originalTimestamp',
    text: string,
  ): { time: number } | { problem: CallProblem } => {
    const time = Date.parse(text);
    return Number.isNaN(time)
      ? {
          problem: {
            path: field,
            message: `expected an ISO 8601 time such as "2027-06-11T10:00:00Z", got ${JSON.stringify(text)}`,
          },
        }
      : { time };
  };
  const field = call.timestamp !== undefined ? 'timestamp' : 'originalTimestamp';
  const original = call.timestamp ?? call.originalTimestamp;
  if (original === undefined) return { at: new Date(envelope.receivedAt).toISOString() };
  const read = parse(field, original);
  if (!('time' in read)) return read;
  // Through Segment (an EventBridge destination), the timestamp is corrected already.
  if (call.receivedAt !== undefined && call.timestamp !== undefined)
    return { at: new Date(read.time).toISOString() };
  const sentAt = Date.parse(call.sentAt ?? envelope.sentAt ?? '');
  const skew = Number.isNaN(sentAt) ? 0 : envelope.receivedAt - sentAt;
  return { at: new Date(read.time + skew).toISOString() };
}

type Body = MappedProperties & { readonly name?: string };

function trackEvent(call: TrackCall, settings: SegmentSettings, envelope: CallEnvelope): Body {
  const tracks = { ...DEFAULT_SEGMENT_TRACKS, ...settings.tracks };
  const mapped = Object.hasOwn(tracks, call.event) ? tracks[call.event] : undefined;
  const name = mapped ?? (settings.other_tracks === 'custom' ? customTrackName(call.event) : undefined);
  const properties = call.properties ?? {};
  if (name === undefined) {
    const why =
      mapped === undefined && settings.other_tracks === 'reject'
        ? 'is not mapped, and segment.other_tracks is "reject"'
        : 'has no snake_case form the events API takes (a letter first, at most 64 characters)';
    return {
      properties: {},
      sources: {},
      problems: [
        {
          path: 'event',
          message: `${JSON.stringify(call.event)} ${why}: map it under segment.tracks in workspace.config.yaml`,
        },
      ],
    };
  }
  const body =
    name === 'add_to_cart'
      ? cartProperties(properties)
      : name === 'purchase'
        ? orderProperties(properties)
        : name === 'signup'
          ? profileProperties(properties, 'properties', settings, call.context ?? envelope.context)
          : { properties, sources: { properties: 'properties' }, problems: [] };
  return { ...body, name };
}

function identifyEvent(call: IdentifyCall, settings: SegmentSettings, envelope: CallEnvelope): Body {
  const body = profileProperties(call.traits ?? {}, 'traits', settings, call.context ?? envelope.context);
  return { ...body, name: 'profile_updated' };
}

/** A problem's path in our event, as the path the sender wrote in the call. */
export function callPath(path: string, sources: Readonly<Record<string, string>>): string {
  const match = Object.keys(sources)
    .filter((ours) => path === ours || path.startsWith(`${ours}.`) || path.startsWith(`${ours}[`))
    .sort((a, b) => b.length - a.length)[0];
  return match === undefined ? path : `${sources[match]}${path.slice(match.length)}`;
}
