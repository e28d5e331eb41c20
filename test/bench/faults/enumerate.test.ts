import { describe, expect, test } from 'vitest';
import { faultPoints, functionOf, samplePoints } from '../../../bench/faults/enumerate.ts';
import { pointName, type RecordedCall } from '../../../engine/faults/fault-points.ts';

const call = (
  handler: string,
  name: string,
  invocation: number,
  requests: string[],
  ordinal = 0,
): RecordedCall => ({
  handler,
  call: name,
  ordinal,
  invocation,
  requests,
});

describe('functionOf', () => {
  test.each([
    ['cart-nudge/Send:send-cart-reminder', 'send'],
    ['preheat-618/Snapshot:segment', 'snapshot-audience'],
    ['events-api', 'ingest-events'],
    ['ticker', 'start-cohorts'],
    ['preheat-618', 'start-cohorts'],
    ['import', 'import-customers'],
    ['customer-rights', 'customer-rights'],
  ])('%s runs in %s', (handler, fn) => {
    expect(functionOf(handler)).toBe(fn);
  });
});

describe('faultPoints', () => {
  test('one invocation per site, with every mode that can act there', () => {
    const recorded = [
      call('cart-nudge/Send:a', 'ledger.claimSend', 0, ['UpdateItem']),
      call('cart-nudge/Send:b', 'ledger.claimSend', 3, ['UpdateItem']),
      call('events-api', 'customers.readForUpdate', 0, ['BatchGetItem', 'BatchGetItem']),
      call('ticker', 'pendingWork.due', 0, []),
    ];
    const names = faultPoints(recorded, 1).map(pointName);
    expect(
      names.filter((name) => name.includes('claimSend')).map((name) => name.split(' ').slice(1).join(' ')),
    ).toEqual([
      'ledger.claimSend#0 throw-before',
      'ledger.claimSend#0 throw-after',
      'ledger.claimSend#0 lose-response@0',
    ]);
    expect(names.filter((name) => name.startsWith('events-api'))).toEqual([
      'events-api customers.readForUpdate#0 throw-before',
      'events-api customers.readForUpdate#0 throw-after',
      'events-api customers.readForUpdate#0 fail-request@1',
    ]);
    expect(names.filter((name) => name.startsWith('ticker'))).toEqual([
      'ticker pendingWork.due#0 throw-before',
      'ticker pendingWork.due#0 throw-after',
    ]);
    expect(faultPoints(recorded, 1)).toEqual(faultPoints(recorded, 1));
  });
});

describe('samplePoints', () => {
  const recorded = Array.from({ length: 30 }, (_, site) =>
    call('ticker', `store.call${site}`, 0, ['PutItem', 'PutItem']),
  );
  const points = faultPoints(recorded, 7);

  test('keeps one mode of every site before a second of any', () => {
    const sample = samplePoints(points, 40, 7);
    expect(sample).toHaveLength(40);
    expect(new Set(sample.map((point) => point.call)).size).toBe(30);
    expect(new Set(sample.map(pointName)).size).toBe(40);
  });

  test('a sample smaller than the sites spreads over them, the same for a seed', () => {
    const sample = samplePoints(points, 5, 7);
    expect(new Set(sample.map((point) => point.call)).size).toBe(5);
    expect(sample.map(pointName)).not.toEqual(points.slice(0, 5).map(pointName));
    expect(samplePoints(points, 5, 7)).toEqual(sample);
  });

  test('all of them when asked for at least as many', () => {
    expect(samplePoints(points, points.length + 1, 7)).toEqual(points);
  });
});
