import { describe, expect, test } from 'vitest';
import { mapLimit } from '../../../../functions/commons/util/concurrency.ts';

describe('mapLimit', () => {
  test('keeps the order of results with several in flight', async () => {
    // Act
    const results = await mapLimit([30, 10, 20, 0], 2, async (delay) => {
      await new Promise((resolve) => setTimeout(resolve, delay));
      return delay * 2;
    });

    // Assess
    expect(results).toEqual([60, 20, 40, 0]);
  });

  test('after a failure it starts no new item and waits for those in flight before it throws', async () => {
    // Prepare
    const started: string[] = [];
    const finished: string[] = [];

    // Act
    const failure = await mapLimit(['fails', 'slow', 'later', 'last'], 2, async (item) => {
      started.push(item);
      if (item === 'fails') throw new Error('throttled');
      await new Promise((resolve) => setTimeout(resolve, 20));
      finished.push(item);
    }).catch((error: unknown) => error);

    // Assess
    expect(failure).toEqual(new Error('throttled'));
    expect(started).toEqual(['fails', 'slow']);
    expect(finished).toEqual(['slow']);
  });
});
