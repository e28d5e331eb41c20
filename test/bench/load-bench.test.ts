import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadEvents, runLoadBench, writeLoadResults } from '../../bench/load-bench.ts';

describe('npm run bench -- --load, at a tiny size', () => {
  test('posts every event through journeys serve at each batch size, and finds each applied exactly once', async () => {
    // Act
    const result = await runLoadBench({ eventsPerPhase: 24, clients: 3, batchSizes: [1, 100] });

    // Assess: the figures' shape and the tally, never the timings.
    expect(result.phases.map((phase) => [phase.batchSize, phase.events, phase.accepted])).toEqual([
      [1, 24, 24],
      [100, 24, 24],
    ]);
    expect(result.phases[0]?.requests).toBeGreaterThanOrEqual(24);
    for (const phase of result.phases) {
      expect(phase.eventsPerSecond).toBeGreaterThan(0);
      expect(phase.latencyMs.p99).toBeGreaterThanOrEqual(phase.latencyMs.p50);
      expect(phase.rejectedEvents + phase.givenUp).toBe(0);
    }
    expect(result.exactlyOnce).toEqual({
      accepted: 48,
      appliedOnce: 48,
      lost: 0,
      doubled: 0,
      unaccepted: 0,
      counterMismatches: [],
    });
  }, 120_000);

  test('the load is carts and purchases over a quarter as many customers, each id its own', () => {
    // Act
    const events = loadEvents('p', 12, Date.parse('2027-06-11T02:00:00Z'));

    // Assess
    expect(new Set(events.map((event) => event.body.eventId)).size).toBe(12);
    expect(new Set(events.map((event) => event.body.customerId)).size).toBe(3);
    expect(events.filter((event) => event.body.name === 'purchase')).toHaveLength(4);
    expect(
      events.every((event) => (event.body.name === 'purchase') === (event.orderValue !== undefined)),
    ).toBe(true);
  });

  test('its results go into the results file beside the other benches’ figures', () => {
    // Prepare
    const out = join(mkdtempSync(join(tmpdir(), 'journeys-load-results-')), 'results.json');
    writeFileSync(out, JSON.stringify({ statistics: { runs: 200 } }));

    // Act
    writeLoadResults(out, {
      clients: 8,
      phases: [],
      exactlyOnce: { accepted: 0, appliedOnce: 0, lost: 0, doubled: 0, unaccepted: 0, counterMismatches: [] },
    });

    // Assess
    const results = JSON.parse(readFileSync(out, 'utf8'));
    expect(results.statistics).toEqual({ runs: 200 });
    expect(results.load).toMatchObject({ date: expect.any(String), commit: expect.any(String), clients: 8 });
  });
});
