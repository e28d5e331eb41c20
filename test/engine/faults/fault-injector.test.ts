import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LocalEngine } from '../../../engine/engine.ts';
import { FaultInjector, InjectedFault, taskLabel } from '../../../engine/faults/fault-injector.ts';
import { type FaultPoint, pointName } from '../../../engine/faults/fault-points.ts';
import type { CustomerProfile } from '../../../workflows/contracts/customer.ts';
import { catalogFromWorkspace } from '../../../workflows/workspace/catalog.ts';
import { profile } from '../../support/engine/engine-harness.ts';

/**
 * The injector on a real engine (dynalite): each mode at a store call of one handler invocation,
 * and the requests it sees at the transport, below the SDK's retry.
 */

const catalog = await catalogFromWorkspace('workflows', ['cart-nudge']);
let engine: LocalEngine;
let run = 0;

beforeAll(async () => {
  engine = await LocalEngine.start({ catalog, startAt: Date.parse('2027-06-11T02:00:00Z') });
});

afterAll(async () => {
  await engine?.stop();
});

/** A payer of its own per test, so each test's stores are instrumented by its own injector. */
function storesFor(injector: FaultInjector) {
  run += 1;
  const deps = engine.depsOf(`faults-test-${run}`);
  injector.instrument(deps);
  return deps.stores;
}

/** Runs `work` with the injector holding the engine's transport. */
async function withInjector<T>(injector: FaultInjector, work: () => Promise<T>): Promise<T> {
  injector.attach();
  try {
    return await work();
  } finally {
    injector.detach();
  }
}

const customer = (id: string): CustomerProfile =>
  profile(id, { member: true, consent: { email: true }, timezone: 'Asia/Shanghai' });
const at = (mode: FaultPoint['mode'], call: string, request?: number): FaultPoint => ({
  handler: 'writer',
  invocation: 0,
  call,
  ordinal: 0,
  mode,
  request,
});

describe('FaultInjector', () => {
  test('records each store call of an invocation with the DynamoDB requests it made', async () => {
    const recorder = new FaultInjector();
    const stores = storesFor(recorder);
    await withInjector(recorder, () =>
      recorder.invoke('writer', async () => {
        await stores.customers.putMany([customer('rec-1')]);
        await stores.customers.get('rec-1');
        await stores.customers.get('rec-1');
      }),
    );
    expect(
      recorder.recorded.map(({ handler, invocation, call, ordinal, requests }) => ({
        handler,
        invocation,
        call,
        ordinal,
        requests,
      })),
    ).toEqual([
      {
        handler: 'writer',
        invocation: 0,
        call: 'customers.putMany',
        ordinal: 0,
        requests: ['BatchWriteItem'],
      },
      { handler: 'writer', invocation: 0, call: 'customers.get', ordinal: 0, requests: ['GetItem'] },
      { handler: 'writer', invocation: 0, call: 'customers.get', ordinal: 1, requests: ['GetItem'] },
    ]);
    expect(recorder.fired).toBe(false);
  });

  test('throw-before fails the call before it reaches DynamoDB, once', async () => {
    const injector = new FaultInjector(at('throw-before', 'customers.putMany'));
    const stores = storesFor(injector);
    const attempt = () => injector.invoke('writer', () => stores.customers.putMany([customer('before-1')]));
    await withInjector(injector, async () => {
      await expect(attempt()).rejects.toBeInstanceOf(InjectedFault);
      expect(await stores.customers.get('before-1')).toBeUndefined();
      await attempt();
    });
    expect(injector.fired).toBe(true);
    expect(await engine.deps.stores.customers.get('before-1')).toMatchObject({ customerId: 'before-1' });
  });

  test('throw-after fails the call once its write has landed', async () => {
    const injector = new FaultInjector(at('throw-after', 'customers.putMany'));
    const stores = storesFor(injector);
    await withInjector(injector, () =>
      expect(
        injector.invoke('writer', () => stores.customers.putMany([customer('after-1')])),
      ).rejects.toThrow('injected: writer customers.putMany#0 throw-after'),
    );
    expect(await engine.deps.stores.customers.get('after-1')).toMatchObject({ customerId: 'after-1' });
  });

  test('lose-response lands the write, loses its answer, and the SDK sends it again', async () => {
    const injector = new FaultInjector(at('lose-response', 'customers.putMany', 0));
    const stores = storesFor(injector);
    await withInjector(injector, () =>
      injector.invoke('writer', () => stores.customers.putMany([customer('lost-1')])),
    );
    expect(injector.fired).toBe(true);
    expect(injector.recorded.map((call) => call.requests)).toEqual([['BatchWriteItem', 'BatchWriteItem']]);
    expect(await engine.deps.stores.customers.get('lost-1')).toMatchObject({ customerId: 'lost-1' });
  });

  test('fail-request fails one request without landing it, and the SDK does not retry it', async () => {
    const injector = new FaultInjector(at('fail-request', 'customers.putMany', 0));
    const stores = storesFor(injector);
    await withInjector(injector, () =>
      expect(
        injector.invoke('writer', () => stores.customers.putMany([customer('failed-1')])),
      ).rejects.toBeInstanceOf(InjectedFault),
    );
    expect(await engine.deps.stores.customers.get('failed-1')).toBeUndefined();
  });

  test('a point at a later invocation leaves the earlier ones alone', async () => {
    const injector = new FaultInjector({ ...at('throw-before', 'customers.get'), invocation: 1 });
    const stores = storesFor(injector);
    await withInjector(injector, async () => {
      await injector.invoke('writer', () => stores.customers.get('nobody'));
      await injector.invoke('reader', () => stores.customers.get('nobody'));
      expect(injector.fired).toBe(false);
      await expect(injector.invoke('writer', () => stores.customers.get('nobody'))).rejects.toBeInstanceOf(
        InjectedFault,
      );
    });
  });

  test('a call outside any invocation is neither counted nor faulted', async () => {
    const injector = new FaultInjector(at('throw-before', 'customers.get'));
    const stores = storesFor(injector);
    await withInjector(injector, () => stores.customers.get('nobody'));
    expect(injector.fired).toBe(false);
  });

  test('one fault run holds the transport at a time', () => {
    const first = new FaultInjector();
    first.attach();
    try {
      expect(() => new FaultInjector().attach()).toThrow('another fault run holds the transport');
    } finally {
      first.detach();
    }
  });
});

describe('names', () => {
  test.each([
    [
      { run: { journeyId: 'cart-nudge' }, step: { id: 'send-cart-reminder' } },
      'Send',
      'cart-nudge/Send:send-cart-reminder',
    ],
    [{ journeyId: 'cart-nudge', stepId: 'enter' }, 'Partition', 'cart-nudge/Partition:enter'],
    [{ run: { journeyId: 'preheat-618' } }, 'Snapshot', 'preheat-618/Snapshot'],
  ] as const)('taskLabel of %j as %s is %s', (payload, role, label) => {
    expect(taskLabel(role, payload)).toBe(label);
  });

  test('pointName names the handler, call, ordinal, mode and request', () => {
    expect(pointName({ ...at('lose-response', 'ledger.grant', 1), ordinal: 2 })).toBe(
      'writer ledger.grant#2 lose-response@1',
    );
    expect(pointName(at('throw-after', 'funnel.set'))).toBe('writer funnel.set#0 throw-after');
  });
});
