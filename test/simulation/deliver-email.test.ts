import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type LocalSes, startLocalSes } from '../../engine/local-ses.ts';
import { runSimulation } from '../../simulation/simulate.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';
import { idsFor } from '../support/engine/engine-harness.ts';

const JOURNEY = 'first-purchase-gift';
/** Three customers the journey's holdout lets in. */
const signups = (prefix: string) => idsFor(prefix, 3, { treatedIn: [JOURNEY] });

/** Recorded signups with an address and email consent, one JSON event a line. */
function signupLog(prefix: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'journeys-sim-mail-')), 'events.jsonl');
  const lines = signups(prefix).map((customerId, index) =>
    JSON.stringify({
      eventId: `signup-${prefix}-${index}`,
      customerId,
      name: 'signup',
      at: `2027-06-11T02:0${index}:00Z`,
      properties: {
        email: `${customerId}@example.com`,
        consent: { email: true },
        timezone: 'Asia/Shanghai',
      },
    }),
  );
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const simulate = async (eventsFile: string, email?: { sesEndpoint: string }) =>
  runSimulation({
    catalog: await catalogFromWorkspace('workflows', [JOURNEY]),
    customers: 5,
    days: 1,
    seed: 3,
    startAt: Date.parse('2027-06-10T16:00:00Z'),
    eventsFile,
    ...(email ? { email } : {}),
  });

let ses: LocalSes;
beforeAll(async () => {
  ses = await startLocalSes();
});
afterAll(async () => {
  await ses?.stop();
});

describe('journeys simulate --deliver email', () => {
  test('sends each email through the SES adapter to the local SES, with its one-click unsubscribe headers', async () => {
    // Act
    const result = await simulate(signupLog('mail'), { sesEndpoint: ses.endpoint });

    // Assess
    expect(result.failedExecutions).toBe(0);
    const received = (await ses.emails()).filter((mail) => mail.destination.to[0]?.startsWith('mail-'));
    expect(received.map((mail) => mail.destination.to[0]).sort()).toEqual(
      signups('mail')
        .map((customerId) => `${customerId}@example.com`)
        .sort(),
    );
    for (const mail of received)
      expect(mail.headers?.map((entry) => entry.name)).toEqual(
        expect.arrayContaining(['List-Unsubscribe', 'List-Unsubscribe-Post']),
      );
  });

  test('without it, email stays in the outbox and SES gets nothing', async () => {
    // Act
    const result = await simulate(signupLog('outbox'));

    // Assess
    expect(result.messages).toBeGreaterThanOrEqual(signups('outbox').length);
    expect((await ses.emails()).filter((mail) => mail.destination.to[0]?.startsWith('outbox-'))).toEqual([]);
  });
});
