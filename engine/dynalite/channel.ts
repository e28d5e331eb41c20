import type { Worker } from 'node:worker_threads';
import type { HttpRequest, HttpResponse, RequestHandler } from '@smithy/types';

interface Reply {
  readonly id: number;
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/**
 * The SDK's HTTP handler for dynalite running in a worker thread (dynalite-worker.js): each
 * request goes over the worker's message port to dynalite's own request handler, and its answer
 * comes back as the status, headers and body an HTTP response would carry. The SDK serializes and
 * parses exactly what it would over a socket; what is left out is the socket and an HTTP parser
 * on each side, the larger part of the client's CPU per request.
 */
export class DynaliteChannel implements RequestHandler<HttpRequest, HttpResponse> {
  readonly metadata = { handlerProtocol: 'http/1.1' };
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  #nextId = 0;
  #failure: Error | undefined;
  /** Resolved when no request is waiting for its answer. */
  #drained: (() => void)[] = [];

  constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (message: Partial<Reply>) => {
      if (message.id === undefined) return;
      const pending = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      pending?.resolve(message as Reply);
      this.#notifyIfDrained();
    });
    const fail = (error: Error) => {
      // The first failure is the cause (an error in the worker comes before its exit).
      this.#failure ??= error;
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
      this.#notifyIfDrained();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`dynalite's worker exited (code ${code})`)));
  }

  async handle(request: HttpRequest): Promise<{ response: HttpResponse }> {
    if (this.#failure) throw this.#failure;
    const headers: Record<string, string> = {};
    // Node's HTTP server hands dynalite lower-case header names.
    for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
    const body = typeof request.body === 'string' ? request.body : utf8(request.body);
    const id = this.#nextId++;
    const reply = await new Promise<Reply>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, method: request.method, path: request.path, headers, body });
    });
    return {
      response: {
        statusCode: reply.statusCode,
        headers: reply.headers,
        body: Buffer.from(reply.body, 'utf8'),
      },
    };
  }

  /**
   * Refuses new requests and resolves once every request sent has its answer (or `timeoutMs` has
   * passed), so that a stop lets each one finish: a batch is never left half applied.
   */
  async drain(timeoutMs: number): Promise<void> {
    this.#failure ??= new Error("dynalite's worker is stopping or has stopped");
    if (this.#pending.size === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.#drained.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  #notifyIfDrained(): void {
    if (this.#pending.size === 0) for (const resolve of this.#drained.splice(0)) resolve();
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  destroy(): void {}
}

/** The SDK's JSON body as text, read through a view of its bytes (its own string methods warn). */
function utf8(body: unknown): string | undefined {
  if (!(body instanceof Uint8Array)) return undefined;
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
}
