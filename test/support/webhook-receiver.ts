import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  SIGNATURE_HEADER,
  type Verification,
  verifyWebhookSignature,
} from '../../functions/commons/channels/webhook/signature.ts';

/** One call as the receiver got it, with what checking its signature gave. */
export interface ReceivedCall {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The raw body, exactly as it arrived. */
  readonly body: string;
  readonly verification: Verification;
  /** What the receiver answered ('hang' for no answer). */
  readonly answered: number | 'hang';
}

/** How the receiver answers a call: a status, or 'hang' to never answer (a timeout). */
export type Answer = (call: Omit<ReceivedCall, 'answered'>, index: number) => number | 'hang';

export interface WebhookReceiver {
  readonly calls: ReceivedCall[];
  /** A URL on this receiver, such as url('/hooks/welcome'). */
  url(path: string): string;
  /** The calls that verified and were answered 2xx: what the receiver acted on. */
  acceptedCalls(): ReceivedCall[];
  close(): Promise<void>;
}

/**
 * A real HTTP receiver on 127.0.0.1 that checks each call's Journeys-Signature with the exported
 * verify function, as a customer's receiver would, and answers as `answer` says (200 by default;
 * 401 when the signature does not verify).
 */
export async function startWebhookReceiver(
  secret: string,
  answer: Answer = () => 200,
): Promise<WebhookReceiver> {
  const calls: ReceivedCall[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const header = request.headers[SIGNATURE_HEADER.toLowerCase()];
      const verification = verifyWebhookSignature({
        body,
        header: Array.isArray(header) ? header[0] : header,
        secret,
      });
      const received = { path: request.url ?? '/', headers: request.headers, body, verification };
      const answered = verification.valid ? answer(received, calls.length) : 401;
      calls.push({ ...received, answered });
      if (answered === 'hang') return;
      response.writeHead(answered, answered >= 300 && answered < 400 ? { location: '/elsewhere' } : {});
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    calls,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    acceptedCalls: () =>
      calls.filter(
        (call) => call.verification.valid && typeof call.answered === 'number' && call.answered < 300,
      ),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
