import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runSimulation } from '../../simulation/simulate.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';
import { idsFor } from '../support/engine/engine-harness.ts';

const JOURNEY = 'first-purchase-gift';

/** 300 sign-ups at 14:10 UTC (15:10 in London), consenting to email, one JSON event a line. */
function signupLog(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'journeys-sim-paced-')), 'events.jsonl');
  const lines = idsFor('paced', 300, { treatedIn: [JOURNEY] }).map((customerId, index) =>
    JSON.stringify({
      eventId: `signup-paced-${index}`,
      customerId,
      name: 'signup',
      at: '2027-06-11T14:10:00Z',
      properties: { email: `${customerId}@example.com`, consent: { email: true }, timezone: 'Europe/London' },
    }),
  );
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('journeys simulate --email-rate', () => {
  test('the deferred emails of a paced send go out within minutes, with the minute ticker, not at the next hour', async () => {
    // Act: the day ends at 16:00 UTC; the cohort starts at 15:02 and its 300 emails need 150 s at 2 a second.
    const result = await runSimulation({
      catalog: await catalogFromWorkspace('workflows', [JOURNEY]),
      customers: 5,
      days: 1,
      seed: 3,
      startAt: Date.parse('2027-06-10T16:00:00Z'),
      eventsFile: signupLog(),
      sendRates: { email: 2 },
    });

    // Assess
    expect(result.failedExecutions).toBe(0);
    expect(result.messages).toBe(300);
  });
});
