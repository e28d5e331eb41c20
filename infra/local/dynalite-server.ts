import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface LocalDynamo {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/**
 * Starts dynalite on 127.0.0.1 on a free port, in memory or persisted to `dataDir`.
 * One process per data folder: LevelDB allows no second writer.
 */
export async function startDynalite(dataDir?: string): Promise<LocalDynamo> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const script = fileURLToPath(new URL('./dynalite-process.js', import.meta.url));
  const child: ChildProcess = fork(script, dataDir ? [dataDir] : [], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    // A larger young generation: both processes allocate per request, and the default semi-space
    // makes them collect so often that it costs about 5% of a simulation (measured). `npm start`
    // and `npm run bench` give the main process the same flag.
    execArgv: ['--max-semi-space-size=64'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { port: number }).port));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`dynalite exited with code ${code} before it listened`)));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        // A graceful close would wait for every idle keep-alive connection to time out.
        child.kill();
      }),
  };
}
