import type { Server } from 'node:http';
import { SESv2Client } from '@aws-sdk/client-sesv2';

/** An email as aws-ses-v2-local keeps it (`GET /store`). */
export interface StoredEmail {
  readonly messageId: string;
  readonly from: string;
  readonly destination: { readonly to: readonly string[] };
  readonly subject: string;
  readonly body: { readonly html?: string; readonly text?: string };
  readonly headers?: readonly { readonly name: string; readonly value: string }[];
  /** Epoch seconds of the real clock. */
  readonly at: number;
}

/** aws-ses-v2-local running in this process: the SES v2 API on 127.0.0.1, and a page of the mail it got. */
export interface LocalSes {
  /** The endpoint an SES client is pointed at. */
  readonly endpoint: string;
  /** The page that lists the mail received. */
  readonly mailPage: string;
  /** Every email received so far. */
  emails(): Promise<StoredEmail[]>;
  stop(): Promise<void>;
}

type StartServer = (config: { host: string; port: number }) => Promise<Server>;

/** The server factory, wherever the CommonJS module's interop puts it (`default`, or `default.default`). */
function serverFactory(module: unknown): StartServer {
  const candidates = [
    (module as { default?: { default?: unknown } }).default?.default,
    (module as { default?: unknown }).default,
    module,
  ];
  const found = candidates.find((candidate) => typeof candidate === 'function');
  if (!found) throw new Error('aws-ses-v2-local exports no server function');
  return found as StartServer;
}

/**
 * Starts aws-ses-v2-local on a free port (or `port`). It is a devDependency, loaded only here,
 * by the local runs that ask for email. Its store is one per process, shared by every server
 * started in it.
 */
export async function startLocalSes(port = 0): Promise<LocalSes> {
  const start = serverFactory(await import('aws-ses-v2-local'));
  const server = await start({ host: '127.0.0.1', port });
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('aws-ses-v2-local did not listen on a port');
  const endpoint = `http://127.0.0.1:${address.port}`;
  return {
    endpoint,
    mailPage: `${endpoint}/`,
    async emails() {
      const response = await fetch(`${endpoint}/store`);
      if (!response.ok) throw new Error(`aws-ses-v2-local answered GET /store with ${response.status}`);
      return ((await response.json()) as { emails: StoredEmail[] }).emails;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * The real SES v2 client, pointed at a local endpoint: any region, and credentials that only
 * satisfy the signer (the local server checks that a request is signed, not by whom).
 */
export function localSesClient(endpoint: string): SESv2Client {
  return new SESv2Client({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}
