import { appendFileSync, mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import type { OutgoingMessage } from '../functions/commons/channels/channel-adapter.ts';
import { rateVariablesOf, type SendRates } from '../functions/commons/channels/pacing.ts';
import type { JourneyCatalog } from '../workflows/workspace/catalog.ts';
import { type ExternalDynamoOptions, LocalEngine } from './engine.ts';
import { followRealClock } from './follow-real-clock.ts';
import { type LocalSes, startLocalSes } from './local-ses.ts';
import { SERVE_ROUTES } from './routes/index.ts';
import { matchRoute } from './routes/route.ts';
import { localSegmentWriteKey } from './segment-write-key.ts';

export interface ServeOptions {
  readonly catalog: JourneyCatalog;
  readonly port: number;
  readonly dataDir?: string;
  /** DynamoDB Local or AWS, where the engine keeps its tables instead of dynalite in `dataDir`. @default dynalite */
  readonly dynamodb?: ExternalDynamoOptions;
  /** Delivered messages are appended here, one JSON object per line, each once. */
  readonly outboxFile: string;
  /**
   * Email through the real SES adapter, at aws-ses-v2-local started in this process on `sesPort`
   * (0 for a free port). @default email goes to the outbox like the other channels
   */
  readonly email?: { readonly sesPort?: number };
  /**
   * Start the engine's clock at this time and leave moving it, and ticking, to the caller (a test).
   * @default the real clock, which the engine follows, with the minute ticker and the schedules on it
   */
  readonly startAt?: number;
  /** Paces each channel to its rate, as EMAIL_MAX_PER_SECOND and the like do in AWS: on the real clock when it is followed. */
  readonly sendRates?: SendRates;
  /**
   * The write key Segment calls (POST /v1/batch, /v1/track, /v1/identify) must send.
   * @default the data folder's own, made on its first use (or a new one per run without a data folder)
   */
  readonly segmentWriteKey?: string;
  readonly log?: (line: string) => void;
}

export interface RunningServer {
  readonly port: number;
  readonly engine: LocalEngine;
  /** The local SES that email went to, when email is on. */
  readonly ses?: LocalSes;
  /** The write key the Segment routes take. */
  readonly segmentWriteKey: string;
  close(): Promise<void>;
}

/**
 * The local stack for real use: POST /events with the same validation as the Lambda, GET and
 * POST /unsubscribe and the in-app inbox routes as the events API serves them, the minute ticker
 * and the journeys' schedules on the real clock, the outbox as JSONL, and email to a local SES
 * when asked.
 */
export async function serve(options: ServeOptions): Promise<RunningServer> {
  const log = options.log ?? (() => {});
  mkdirSync(dirname(options.outboxFile), { recursive: true });
  const delivered = new Set<string>();
  const onDeliver = (messages: readonly OutgoingMessage[]) => {
    for (const message of messages) {
      if (delivered.has(message.idempotencyKey)) continue;
      delivered.add(message.idempotencyKey);
      appendFileSync(options.outboxFile, `${JSON.stringify(message)}\n`);
    }
  };
  const following = options.startAt === undefined;
  let engine: LocalEngine | undefined;
  const server: Server = createServer((request, response) => {
    void route(request, response, { engine, following }).catch((error: unknown) => {
      log(`request failed: ${(error as Error).name}`);
      if (!response.headersSent) reply(response, 500, { message: 'internal error' });
      else response.end();
    });
  });
  // Listening first: the unsubscribe links the engine signs point at the port this gets.
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  let ses: LocalSes | undefined;
  const segmentWriteKey = localSegmentWriteKey(options.segmentWriteKey, options.dataDir);
  try {
    ses = options.email ? await startLocalSes(options.email.sesPort ?? 0) : undefined;
    engine = await LocalEngine.start({
      catalog: options.catalog,
      startAt: options.startAt ?? Date.now(),
      realTime: following,
      dataDir: options.dataDir,
      ...(options.dynamodb ? { dynamodb: options.dynamodb } : {}),
      onDeliver,
      environment: {
        ...rateVariablesOf(options.sendRates ?? {}),
        UNSUBSCRIBE_BASE_URL: `http://127.0.0.1:${port}/`,
        SEGMENT_WRITE_KEY: segmentWriteKey,
      },
      ...(ses ? { email: { sesEndpoint: ses.endpoint } } : {}),
    });
  } catch (error) {
    await ses?.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  }
  const running = engine;
  const clock = following ? followRealClock(running, options.catalog, log) : undefined;
  return {
    port,
    engine: running,
    ...(ses ? { ses } : {}),
    segmentWriteKey,
    close: async () => {
      clock?.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await running.stop();
      await ses?.stop();
    },
  };
}

function reply(response: ServerResponse, statusCode: number, body: unknown): void {
  response.writeHead(statusCode, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** The request's body, or undefined once it passes `limit` bytes. */
async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function route(
  request: IncomingMessage,
  response: ServerResponse,
  state: { engine: LocalEngine | undefined; following: boolean },
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  if (request.method === 'GET' && url.pathname === '/health') return reply(response, 200, { status: 'ok' });
  const engine = state.engine;
  if (!engine) return reply(response, 503, { message: 'starting; try again in a moment' });
  const matched = matchRoute(SERVE_ROUTES, url.pathname);
  if (!matched)
    return reply(response, 404, {
      message: `not found; ${[...SERVE_ROUTES.map((candidate) => candidate.name), 'GET /health'].join(', ')}`,
    });
  const bytes = await readBody(request, matched.route.maxBodyBytes);
  if (bytes === undefined) {
    // The rest of the body is never read, so this connection cannot carry another request.
    response.setHeader('connection', 'close');
    return reply(response, 413, { message: `the body is over ${matched.route.maxBodyBytes} bytes` });
  }
  // Time moves only when a request comes in, so the request sees the engine at the real time.
  if (state.following) await engine.advanceTo(Date.now());
  const result = await matched.route.handle(
    {
      method: request.method ?? 'GET',
      url,
      headers: request.headers,
      params: matched.params,
      body: bytes.toString('utf8'),
      bytes,
    },
    engine,
  );
  response.writeHead(result.statusCode, result.headers);
  response.end(result.body);
}
