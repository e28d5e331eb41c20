import { isUtf8 } from 'node:buffer';
import { gunzipSync } from 'node:zlib';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { SEGMENT_LIMITS } from '../../workflows/segment/spec.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import type { HttpResponse } from '../ingest-events/events-request.ts';
import { handleSegmentRequest, isSegmentPath, type SegmentPath } from './segment-request.ts';

/**
 * Segment's tracking API behind the events API (HTTP API, the write key checked by the
 * segment-authorizer function): the route is the path, the body the call or the batch.
 */
export const createSegmentEventsHandler = (deps: RuntimeDeps) =>
  middy<APIGatewayProxyEventV2, HttpResponse>()
    .use(injectLambdaContext(deps.logger))
    .use(logMetrics(deps.metrics))
    .handler((event) => {
      const path = event.rawPath;
      if (!isSegmentPath(path))
        return Promise.resolve({
          ...refusal('expected /v1/batch, /v1/track or /v1/identify'),
          statusCode: 404,
        });
      const body = bodyText(event);
      return 'refused' in body ? Promise.resolve(body.refused) : handleSegmentRequest(path, body.text, deps);
    });

/**
 * The body as text: API Gateway gives a binary body (gzipped, as some libraries send it)
 * base64-encoded. A gzipped body is inflated up to Segment's batch limit, and refused past it.
 */
function bodyText(event: APIGatewayProxyEventV2): { text: string | undefined } | { refused: HttpResponse } {
  if (!event.body) return { text: event.body };
  const bytes = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  const encoding = Object.entries(event.headers ?? {}).find(
    ([name]) => name.toLowerCase() === 'content-encoding',
  )?.[1];
  if (encoding?.toLowerCase() !== 'gzip') return utf8Body(bytes);
  try {
    return utf8Body(gunzipSync(bytes, { maxOutputLength: SEGMENT_LIMITS.batchBytes }));
  } catch (error) {
    const tooBig = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    const message = tooBig
      ? `the body inflates past ${SEGMENT_LIMITS.batchBytes} bytes, as Segment takes at most`
      : 'the body says content-encoding gzip, but is not gzip';
    return { refused: refusal(message) };
  }
}

/** Bytes that are not UTF-8 would decode to U+FFFD in the data: refused instead. */
function utf8Body(bytes: Buffer): { text: string } | { refused: HttpResponse } {
  return isUtf8(bytes)
    ? { text: bytes.toString('utf8') }
    : { refused: refusal('the body is not UTF-8 text; expected JSON in UTF-8, as Segment sends it') };
}

const refusal = (message: string): HttpResponse => ({
  statusCode: 400,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ success: false, message }),
});

/**
 * The API Gateway event of a request, for a runtime that calls this chain as API Gateway would
 * (the engine): the body goes base64-encoded, as API Gateway passes a binary one, so the chain
 * sees the bytes as they came.
 */
export function segmentApiEvent(
  path: SegmentPath,
  bytes: Buffer,
  contentEncoding: string | undefined,
): Partial<APIGatewayProxyEventV2> {
  const gzipped = contentEncoding?.toLowerCase() === 'gzip';
  return {
    rawPath: path,
    body: bytes.toString('base64'),
    isBase64Encoded: true,
    headers: gzipped ? { 'content-encoding': 'gzip' } : {},
  };
}
