import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PAYERS } from '../../../engine/metering/payers.ts';
import { LAMBDA_CONTEXT } from '../../../engine/task-handlers.ts';
import { createSegmentEventsHandler } from '../../../functions/segment-events/handler.ts';
import {
  handleSegmentRequest,
  type SegmentAnswer,
} from '../../../functions/segment-events/segment-request.ts';
import { useLocalEngine } from '../../support/engine/store-engine.ts';

/**
 * The Segment routes' handler against dynalite, through the same ingest as POST /events: Segment's
 * response contract, one result per call, and each refused call told why at the field it sent.
 */

type Call = Record<string, unknown>;
const fixture = (name: string): Call =>
  JSON.parse(readFileSync(new URL(`../../events/segment/${name}.json`, import.meta.url), 'utf8'));

const START_AT = Date.parse('2027-06-11T03:00:00Z');
const engineOf = useLocalEngine(START_AT);
const deps = () => engineOf().depsOf(PAYERS.eventsApi);

let serial = 0;
/** A fixture call for a customer of its own, with a fresh messageId. */
function call(name: string, change: (copy: Call) => void = () => {}): Call {
  serial += 1;
  const copy: Call = { ...fixture(name), messageId: `segment-test-${serial}` };
  if (copy.userId !== undefined) copy.userId = `cust-segment-test-${serial}`;
  change(copy);
  return copy;
}

async function post(path: '/v1/batch' | '/v1/track' | '/v1/identify', body: unknown) {
  const response = await handleSegmentRequest(
    path,
    typeof body === 'string' ? body : JSON.stringify(body),
    deps(),
  );
  return { status: response.statusCode, answer: JSON.parse(response.body) as SegmentAnswer };
}

describe('POST /v1/batch', () => {
  it('takes every call on its own: the good ones are accepted, each refused one is told why, and the answer is 200', async () => {
    // Prepare
    const calls = [
      call('identify'),
      call('product-added'),
      call('anonymous-track'),
      call('page'),
      call('identify', (copy) => {
        copy.traits = { email: 'not an address' };
      }),
      call('video-played'),
    ];

    // Act
    const { status, answer } = await post('/v1/batch', { batch: calls, sentAt: '2027-06-11T03:00:00.000Z' });

    // Assess
    expect(status).toBe(200);
    expect(answer.success).toBe(true);
    expect(answer.results?.map((result) => result.status)).toEqual([
      'accepted',
      'accepted',
      'rejected',
      'rejected',
      'rejected',
      'accepted',
    ]);
    const problems = answer.results?.map((result) =>
      result.status === 'rejected' ? result.problems[0]?.path : '',
    );
    expect(problems).toEqual(['', '', 'userId', 'type', 'traits.email', '']);
    expect(answer.results?.map((result) => result.eventId)).toEqual(calls.map((sent) => sent.messageId));
  });

  it('ingests a batch of more calls than POST /events takes at once, in order', async () => {
    // Prepare: 501 calls of one customer, the last a Product Added
    const customerId = 'cust-segment-many';
    const calls = Array.from({ length: 501 }, (_, index) =>
      call(index === 500 ? 'product-added' : 'video-played', (copy) => {
        copy.userId = customerId;
      }),
    );

    // Act
    const { status, answer } = await post('/v1/batch', { batch: calls });

    // Assess
    expect(status).toBe(200);
    expect(new Set(answer.results?.map((result) => result.status))).toEqual(new Set(['accepted']));
    const timeline = await engineOf().deps.stores.events.timeline(customerId, 0, START_AT);
    expect(timeline).toHaveLength(501);
  });

  it.each([
    ['a body that is not JSON', 'batch please', 'the body is not JSON'],
    ['a batch without calls', { batch: [] }, 'expected {"batch": [ ... ]}'],
    [
      'a body over 500 KB',
      { batch: [{ ...fixture('video-played'), padding: 'x'.repeat(500 * 1024) }] },
      'expected at most 512000',
    ],
  ])('refuses %s whole with 400, writing nothing', async (_case, body, message) => {
    // Prepare
    const before = engineOf().usage.total();

    // Act
    const { status, answer } = await post('/v1/batch', body);

    // Assess
    expect(status).toBe(400);
    expect(answer).toMatchObject({ success: false, message: expect.stringContaining(message) });
    expect(engineOf().usage.total()).toBe(before);
  });

  it('refuses a call over 32 KB on its own, and takes the others', async () => {
    const big = call('video-played', (copy) => {
      copy.properties = { notes: 'x'.repeat(33 * 1024) };
    });

    const { answer } = await post('/v1/batch', { batch: [big, call('product-added')] });

    expect(answer.results?.map((result) => result.status)).toEqual(['rejected', 'accepted']);
  });
});

describe('POST /v1/track and /v1/identify', () => {
  it('take one call each, typed by their route', async () => {
    const { type: _track, ...track } = call('product-added');
    const { type: _identify, ...identify } = call('identify');

    const tracked = await post('/v1/track', track);
    const identified = await post('/v1/identify', identify);

    expect([tracked.status, identified.status]).toEqual([200, 200]);
    expect(tracked.answer.results?.[0]?.status).toBe('accepted');
    expect(identified.answer.results?.[0]?.status).toBe('accepted');
  });

  it('answer 400 for a refused call, and for a call whose type is not their route', async () => {
    const refused = await post('/v1/track', call('anonymous-track'));
    const mistyped = await post('/v1/track', call('identify'));

    expect(refused).toMatchObject({
      status: 400,
      answer: { success: false, results: [{ status: 'rejected' }] },
    });
    expect(mistyped).toMatchObject({
      status: 400,
      answer: { message: 'expected type "track" on /v1/track, got "identify"' },
    });
  });
});

describe('the segment-events handler chain', () => {
  it('takes a gzipped batch, as API Gateway passes it base64-encoded', async () => {
    // Prepare
    const handler = createSegmentEventsHandler(deps());
    const body = gzipSync(JSON.stringify({ batch: [call('product-added')] })).toString('base64');

    // Act
    const response = await handler(
      { rawPath: '/v1/batch', body, isBase64Encoded: true, headers: { 'content-encoding': 'gzip' } } as never,
      LAMBDA_CONTEXT,
    );

    // Assess
    expect(response.statusCode).toBe(200);
    expect((JSON.parse(response.body) as SegmentAnswer).results?.[0]?.status).toBe('accepted');
  });
});
