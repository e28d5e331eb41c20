import { AsyncLocalStorage } from 'node:async_hooks';
import { currentJourney } from '../../functions/commons/runtime/journey-scope.ts';
import { DynamoUsage, UNCHARGED } from './dynamo-usage.ts';
import type { PayerCounts } from './payers.ts';

/** What a meter has counted, in the form a checkpoint keeps. */
export interface MeterReading {
  readonly lambdaInvocations: Record<string, number>;
  readonly dynamo: { requests: [string, number][]; readCapacity: number; writeCapacity: number };
  /** Lambda calls and DynamoDB usage by payer. */
  readonly charges?: Record<string, PayerCounts>;
}

/**
 * The engine's bill: Lambda calls and DynamoDB requests, each charged to the payer of the call
 * under way (a journey, the events API, the ticker) or to the journey its work is for.
 */
export class Meter {
  readonly usage = new DynamoUsage();
  readonly lambdaInvocations: Record<string, number> = {};
  readonly #lambdaByPayer = new Map<string, Record<string, number>>();
  readonly #invoker = new AsyncLocalStorage<string>();

  /** One Lambda call, counted and charged to `payer` together with the requests it sends. */
  invoke<T>(payer: string, name: string, call: () => Promise<T>): Promise<T> {
    this.lambdaInvocations[name] = (this.lambdaInvocations[name] ?? 0) + 1;
    const calls = this.#lambdaByPayer.get(payer) ?? {};
    calls[name] = (calls[name] ?? 0) + 1;
    this.#lambdaByPayer.set(payer, calls);
    return this.#invoker.run(payer, call);
  }

  /** Work charged to `payer` that is not a Lambda call of its own (the events API's, say). */
  charge<T>(payer: string, work: () => Promise<T>): Promise<T> {
    return this.#invoker.run(payer, work);
  }

  /** Who pays for a request being sent: the journey its work is for, else the call's payer. */
  payer(): string {
    return currentJourney() ?? this.#invoker.getStore() ?? UNCHARGED;
  }

  /** Lambda calls and DynamoDB usage by payer. */
  byPayer(): Record<string, PayerCounts> {
    const payers = new Set([...this.#lambdaByPayer.keys(), ...this.usage.byPayer.keys()]);
    return Object.fromEntries(
      [...payers].sort().map((payer) => [
        payer,
        {
          lambdaInvocations: { ...this.#lambdaByPayer.get(payer) },
          dynamo: { ...this.usage.charged(payer) },
        },
      ]),
    );
  }

  reading(): MeterReading {
    return {
      lambdaInvocations: { ...this.lambdaInvocations },
      dynamo: {
        requests: [...this.usage.requests],
        readCapacity: this.usage.readCapacity,
        writeCapacity: this.usage.writeCapacity,
      },
      charges: this.byPayer(),
    };
  }

  /** Adds a reading taken before a stop to what is counted from now on. */
  resume(reading: MeterReading): void {
    Object.assign(this.lambdaInvocations, reading.lambdaInvocations);
    const usage = this.usage;
    for (const [command, count] of reading.dynamo.requests)
      usage.requests.set(command, (usage.requests.get(command) ?? 0) + count);
    usage.readCapacity += reading.dynamo.readCapacity;
    usage.writeCapacity += reading.dynamo.writeCapacity;
    for (const [payer, counts] of Object.entries(reading.charges ?? {})) {
      const calls = this.#lambdaByPayer.get(payer) ?? {};
      for (const [name, count] of Object.entries(counts.lambdaInvocations))
        calls[name] = (calls[name] ?? 0) + count;
      this.#lambdaByPayer.set(payer, calls);
      const charged = usage.charged(payer);
      charged.requests += counts.dynamo.requests;
      charged.readCapacity += counts.dynamo.readCapacity;
      charged.writeCapacity += counts.dynamo.writeCapacity;
      charged.providerWriteCapacity += counts.dynamo.providerWriteCapacity;
    }
  }
}
