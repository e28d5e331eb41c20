import { mkdirSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { DynaliteChannel } from './channel.ts';

export interface LocalDynamo {
  /** dynalite's HTTP endpoint on 127.0.0.1, for any DynamoDB client. */
  readonly endpoint: string;
  /** The SDK's HTTP handler for the engine's own clients: the same API over the worker's message port. */
  readonly requestHandler: DynaliteChannel;
  /** Lets the requests already sent finish, closes the store and ends the worker; calling it again waits for the same stop. */
  stop(): Promise<void>;
}

/** How long a stop waits for dynalite to close its store before it ends the worker anyway. */
const CLOSE_TIMEOUT_MS = 5_000;

/**
 * Starts dynalite in a worker thread, serving 127.0.0.1 on a free port, in memory or persisted to
 * `dataDir`. One engine per data folder: LevelDB allows no second writer.
 */
export async function startDynalite(dataDir?: string): Promise<LocalDynamo> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const worker = new Worker(new URL('./worker.js', import.meta.url), {
    workerData: { path: dataDir },
    // As much young generation as --max-semi-space-size=64 gives the main thread (`npm start`,
    // `npm run bench`): dynalite allocates per request.
    resourceLimits: { maxYoungGenerationSizeMb: 192 },
  });
  const port = await new Promise<number>((resolve, reject) => {
    worker.on('message', (message: { listening?: number }) => {
      if (message.listening !== undefined) resolve(message.listening);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`dynalite exited with code ${code} before it listened`)));
  });
  const requestHandler = new DynaliteChannel(worker);
  let exited = false;
  worker.once('exit', () => {
    exited = true;
  });
  let stopping: Promise<void> | undefined;
  const stop = async () => {
    // Requests already sent finish; then closing lets LevelDB finish its writes. A worker that
    // does not answer is ended anyway.
    await requestHandler.drain(CLOSE_TIMEOUT_MS);
    if (!exited) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, CLOSE_TIMEOUT_MS);
        worker.on('message', (message: { closed?: boolean }) => {
          if (message.closed) {
            clearTimeout(timer);
            resolve();
          }
        });
        worker.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        worker.postMessage({ close: true });
      });
    }
    await worker.terminate();
  };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requestHandler,
    stop: () => {
      stopping ??= stop();
      return stopping;
    },
  };
}
