import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LocalEngine } from '../../../../engine/engine.ts';
import { FaultInjector } from '../../../../engine/faults/fault-injector.ts';
import { catalogFromWorkspace } from '../../../../workflows/workspace/catalog.ts';

// The hard case of a conditional write: it lands, its answer is lost, and the SDK sends it again,
// so the condition fails on the call's own claim. On dynalite, where the injector holds the transport.
const NOW = Date.parse('2027-06-11T02:00:00Z');
let engine: LocalEngine;

beforeAll(async () => {
  engine = await LocalEngine.start({
    catalog: await catalogFromWorkspace('workflows', ['cart-nudge']),
    startAt: NOW,
  });
});
afterAll(async () => {
  await engine?.stop();
});

/** One claim by a handler whose first claim write's answer is lost. */
async function claimLosingAnswer(payer: string, customerId: string, key: string) {
  const injector = new FaultInjector({
    handler: 'send',
    invocation: 0,
    call: 'ledger.claimSend',
    ordinal: 0,
    mode: 'lose-response',
    request: 0,
  });
  const deps = engine.depsOf(payer);
  injector.instrument(deps);
  injector.attach();
  try {
    const result = await injector.invoke('send', () => deps.stores.ledger.claimSend(customerId, key, NOW, 3));
    return { result, fired: injector.fired };
  } finally {
    injector.detach();
  }
}

describe('claimSend when the answer to its write is lost', () => {
  test('the SDK resends it and the call still answers claimed, counted once', async () => {
    // Act
    const lost = await claimLosingAnswer('claims-1', 'lost-answer-1', 'run/step/lost-answer-1');
    const again = await engine.deps.stores.ledger.claimSend(
      'lost-answer-1',
      'run/step/lost-answer-1',
      NOW,
      3,
    );

    // Assess
    expect(lost).toEqual({ result: 'claimed', fired: true });
    expect(again).toBe('already_sent');
    expect(await engine.deps.stores.ledger.claimsOf('lost-answer-1')).toEqual([
      { day: '2027-06-11', keys: ['run/step/lost-answer-1'] },
    ]);
  });

  test('a key another call claimed first is still already sent', async () => {
    // Prepare
    await engine.deps.stores.ledger.claimSend('lost-answer-2', 'run/step/lost-answer-2', NOW, 3);

    // Act
    const lost = await claimLosingAnswer('claims-2', 'lost-answer-2', 'run/step/lost-answer-2');

    // Assess
    expect(lost.result).toBe('already_sent');
  });
});
