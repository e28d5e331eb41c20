import { describe, expect, test } from 'vitest';
import { localDocumentClient } from '../../../../engine/dynalite/local-client.ts';
import { stateKeys } from '../../../../functions/commons/dynamo/keys.ts';
import { MAX_CUSTOMERS_PER_PHONE, phoneDigest } from '../../../../functions/commons/stores/phone-index.ts';
import { useLocalEngine } from '../../../support/engine/store-engine.ts';

/** The phone index on dynalite: the customers of a number, under a digest of it, latest first. */

const AT = Date.UTC(2027, 5, 11, 10, 0);
const engineOf = useLocalEngine(AT);
const store = () => engineOf().deps.stores.phoneIndex;

let numbers = 0;
/** A fictional number of its own for each test (+1 555 555 01xx). */
function freshNumber(): string {
  numbers += 1;
  return `+1555555${String(100 + numbers).padStart(4, '0')}`;
}

describe('the phone index', () => {
  test('keeps the customers who gave a number, the latest first, and none for a number no one gave', async () => {
    // Prepare
    const phone = freshNumber();

    // Act
    await store().add(phone, 'c-old', AT);
    await store().add(phone, 'c-new', AT + 1_000);
    await store().add(phone, 'c-old', AT + 500);

    // Assess
    expect(await store().customersOf(phone)).toEqual(['c-new', 'c-old']);
    expect(await store().customersOf(freshNumber())).toEqual([]);
  });

  test('the number appears in no key: the item is keyed by its digest', async () => {
    // Prepare
    const phone = freshNumber();
    await store().add(phone, 'c-1', AT);
    const client = localDocumentClient({ endpoint: engineOf().dynamoEndpoint });

    // Act
    const item = await client.get({
      TableName: engineOf().deps.config.STATE_TABLE,
      Key: stateKeys.phoneIndex(phoneDigest(phone)),
    });

    // Assess
    expect(item.Item).toEqual({
      pk: `phone#${phoneDigest(phone)}`,
      sk: 'customers',
      customers: { 'c-1': AT },
    });
    expect(JSON.stringify(item.Item)).not.toContain(phone.slice(1));
    expect(phoneDigest(phone)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  test('writers adding customers to a new number at once all land', async () => {
    // Prepare
    const phone = freshNumber();
    const ids = ['c-a', 'c-b', 'c-c', 'c-d'];

    // Act
    await Promise.all(ids.map((id, index) => store().add(phone, id, AT + index)));

    // Assess
    expect((await store().customersOf(phone)).sort()).toEqual(ids);
  });

  test(`a number given by more than ${MAX_CUSTOMERS_PER_PHONE} customers keeps the latest ${MAX_CUSTOMERS_PER_PHONE}`, async () => {
    // Prepare
    const phone = freshNumber();
    const ids = Array.from(
      { length: MAX_CUSTOMERS_PER_PHONE + 3 },
      (_, index) => `c-${String(index).padStart(2, '0')}`,
    );

    // Act
    for (const [index, id] of ids.entries()) await store().add(phone, id, AT + index);

    // Assess
    expect(await store().customersOf(phone)).toEqual([...ids].reverse().slice(0, MAX_CUSTOMERS_PER_PHONE));
  });
});
