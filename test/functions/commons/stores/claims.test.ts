import { describe, expect, test } from 'vitest';
import { useLocalEngine } from '../../../support/engine/store-engine.ts';

/** Send claims on dynalite: one conditional update is both the idempotency guard and the day's cap. */

const AT = Date.UTC(2027, 5, 12, 9, 0);
const engineOf = useLocalEngine(AT);

describe('send claims', () => {
  test('claim a key once, refuse it again as already sent, and refuse new keys past the cap as capped', async () => {
    // Prepare
    const ledger = engineOf().deps.stores.ledger;
    const claim = (key: string) => ledger.claimSend('cust-claims', key, AT, 2);

    // Act
    const outcomes = [
      await claim('run-1/remind/cust-claims'),
      await claim('run-1/remind/cust-claims'),
      await claim('run-2/coupon/cust-claims'),
      await claim('run-3/teaser/cust-claims'),
      await claim('run-2/coupon/cust-claims'),
    ];

    // Assess
    expect(outcomes).toEqual(['claimed', 'already_sent', 'claimed', 'capped', 'already_sent']);
    const claimed = await ledger.claimedKeys(
      ['run-1/remind', 'run-2/coupon', 'run-3/teaser'].map((prefix) => ({
        customerId: 'cust-claims',
        key: `${prefix}/cust-claims`,
      })),
      AT,
    );
    expect([...claimed].sort()).toEqual(['run-1/remind/cust-claims', 'run-2/coupon/cust-claims']);
  });

  test("another customer's claims count toward their own cap only", async () => {
    // Prepare
    const ledger = engineOf().deps.stores.ledger;

    // Act
    const first = await ledger.claimSend('cust-claims-a', 'run-9/remind/cust-claims-a', AT, 1);
    const second = await ledger.claimSend('cust-claims-b', 'run-9/remind/cust-claims-b', AT, 1);
    const capped = await ledger.claimSend('cust-claims-a', 'run-9/coupon/cust-claims-a', AT, 1);

    // Assess
    expect([first, second, capped]).toEqual(['claimed', 'claimed', 'capped']);
  });
});
