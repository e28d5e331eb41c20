import type { HttpRequest } from '@smithy/types';
import { DynaliteChannel } from '../dynalite/channel.ts';

/** Who decides what becomes of each DynamoDB request: send it, fail it, or lose its answer. */
export interface RequestFaults {
  request<T>(operation: string, send: () => Promise<T>): Promise<T>;
}

let current: RequestFaults | undefined;
let original: DynaliteChannel['handle'] | undefined;

/**
 * Routes the engine's requests to dynalite through `faults` until the returned function is
 * called. The hook is the engine's transport, under the SDK's middleware: a lost answer is seen
 * by the SDK's retry as a reset connection and sent again, as it would be over a network. The
 * transport is patched only while a fault run holds it; no other run passes through here.
 */
export function routeRequestsTo(faults: RequestFaults): () => void {
  if (current) throw new Error('another fault run holds the transport');
  current = faults;
  const handle = DynaliteChannel.prototype.handle;
  original = handle;
  DynaliteChannel.prototype.handle = function (this: DynaliteChannel, request: HttpRequest) {
    const holder = current;
    const send = () => handle.call(this, request);
    return holder ? holder.request(operationOf(request), send) : send();
  };
  return () => {
    if (original) DynaliteChannel.prototype.handle = original;
    original = undefined;
    current = undefined;
  };
}

/** "PutItem" of the request's X-Amz-Target, "DynamoDB_20120810.PutItem". */
function operationOf(request: HttpRequest): string {
  const target = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'x-amz-target')?.[1];
  return target?.split('.').pop() ?? 'unknown';
}
