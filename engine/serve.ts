import { appendFileSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname } from 'node:path';
import type { OutgoingMessage } from '../functions/commons/channels/channel-adapter.ts';
import { MINUTE_MS } from '../functions/commons/runtime/clock.ts';
import { resolveMoment } from '../workflows/language/moment.ts';
import { nextZonedCronTime } from '../workflows/language/zoned-cron.ts';
import type { JourneyCatalog } from '../workflows/workspace/catalog.ts';
import { LocalEngine } from './engine.ts';

export interface ServeOptions {
  readonly catalog: JourneyCatalog;
  readonly port: number;
  readonly dataDir?: string;
  /** Delivered messages are appended here, one JSON object per line, each once. */
  readonly outboxFile: string;
  readonly log?: (line: string) => void;
}

export interface RunningServer {
  readonly port: number;
  readonly engine: LocalEngine;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 6 * 1024 * 1024;

/**
 * The local stack for real use: POST /events with the same validation as the Lambda, the
 * minute ticker and the journeys' schedules on the real clock, and the outbox as JSONL.
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
  const engine = await LocalEngine.start({
    catalog: options.catalog,
    startAt: Date.now(),
    dataDir: options.dataDir,
    onDeliver,
  });
  // The engine's clock follows the real one: Waits, ticks and schedules happen on time.
  const follow = setInterval(() => void engine.advanceTo(Date.now()), 1000);
  const timers: NodeJS.Timeout[] = [follow];
  const everyMinute = () => {
    const wait = MINUTE_MS - (Date.now() % MINUTE_MS) + 50;
    timers.push(
      setTimeout(async () => {
        await engine.advanceTo(Date.now());
        const result = (await engine.tick()) as { cohortsStarted?: unknown[]; deferredDelivered?: number };
        if (result.cohortsStarted?.length || result.deferredDelivered) log(`tick: ${JSON.stringify(result)}`);
        everyMinute();
      }, wait),
    );
  };
  everyMinute();
  for (const journey of options.catalog.journeys.values()) scheduleJourney(journey.id);

  function scheduleJourney(journeyId: string, after = Date.now()): void {
    const journey = options.catalog.journeys.get(journeyId);
    if (journey?.trigger.kind !== 'schedule') return;
    const trigger = journey.trigger;
    let at: number | undefined;
    if (trigger.at !== undefined) {
      const resolved = resolveMoment(trigger.at, journey.campaign, trigger.timezone);
      at = resolved.ok && resolved.at.toMillis() > after ? resolved.at.toMillis() : undefined;
    } else if (trigger.cron !== undefined) {
      at = nextZonedCronTime(trigger.cron, trigger.timezone, after);
    }
    if (at === undefined) return;
    log(`schedule: ${journeyId} fires at ${new Date(at).toISOString()}`);
    // setTimeout cannot wait longer than about 24.8 days; check again before then.
    const delay = Math.min(at - Date.now(), 2 ** 31 - 1);
    timers.push(
      setTimeout(async () => {
        if (Date.now() < at) return scheduleJourney(journeyId, after);
        await engine.advanceTo(Date.now());
        log(`schedule: ${journeyId} started ${JSON.stringify(await engine.fireSchedule(journeyId))}`);
        scheduleJourney(journeyId, at);
      }, delay),
    );
  }

  const server: Server = createServer(async (request, response) => {
    const reply = (statusCode: number, body: unknown) => {
      response.writeHead(statusCode, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    try {
      if (request.method === 'GET' && request.url === '/health') return reply(200, { status: 'ok' });
      if (request.url !== '/events') return reply(404, { message: 'not found; POST /events or GET /health' });
      if (request.method !== 'POST') return reply(405, { message: 'use POST /events' });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of request) {
        size += (chunk as Buffer).length;
        if (size > MAX_BODY_BYTES) return reply(413, { message: `the body is over ${MAX_BODY_BYTES} bytes` });
        chunks.push(chunk as Buffer);
      }
      await engine.advanceTo(Date.now());
      const result = await engine.postEvents(Buffer.concat(chunks).toString('utf8'));
      response.writeHead(result.statusCode, result.headers);
      response.end(result.body);
    } catch (error) {
      log(`request failed: ${(error as Error).name}`);
      reply(500, { message: 'internal error' });
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    port,
    engine,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await engine.stop();
    },
  };
}
