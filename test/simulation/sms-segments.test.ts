import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { MESSAGE_COSTS } from '../../pricing/message-prices.ts';
import { runSimulation } from '../../simulation/simulate.ts';
import { formatSmsSteps } from '../../simulation/sms-funnel.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';

// SMS is billed per segment: the simulation counts the segments of each SMS it delivers, from its
// rendered text, and reports them per step. The fixture's welcome is English, its reminder Chinese.
const JOURNEY = 'sms-series';

/**
 * Sign-ups in Shanghai at 10:00, each consenting to SMS with a number, and a first name that
 * makes the welcome one GSM-7 segment ("Welcome, Ana! …", 38 characters), two GSM-7 segments
 * (a name of 130 letters: 165 characters) or two UCS-2 segments (40 Chinese characters: 75
 * units). The reminder truncates the name to 10, so it stays one UCS-2 segment for all three.
 */
function signupLog(): string {
  const names = { 'sms-ana': 'Ana', 'sms-long': 'x'.repeat(130), 'sms-zh': '王'.repeat(40) };
  const file = join(mkdtempSync(join(tmpdir(), 'journeys-sim-sms-')), 'events.jsonl');
  const lines = Object.entries(names).map(([customerId, firstName], index) =>
    JSON.stringify({
      eventId: `signup-${customerId}`,
      customerId,
      name: 'signup',
      at: `2027-06-11T02:0${index}:00Z`,
      properties: {
        consent: { sms: true },
        timezone: 'Asia/Shanghai',
        phone: `+1425555020${index}`,
        attributes: { first_name: firstName },
      },
    }),
  );
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('SMS segments in a simulation', () => {
  test('are counted per step from the rendered messages, printed, and priced per segment', async () => {
    // Act
    const result = await runSimulation({
      catalog: await catalogFromWorkspace('test/fixtures/workspaces/sms', [JOURNEY]),
      customers: 5,
      days: 2,
      seed: 3,
      startAt: Date.parse('2027-06-10T16:00:00Z'),
      eventsFile: signupLog(),
    });

    // Assess
    expect(result.failedExecutions).toBe(0);
    const funnel = result.funnels.find((candidate) => candidate.journeyId === JOURNEY);
    expect(funnel?.sms).toEqual([
      { stepId: 'send-welcome', sent: 3, segments: 5 },
      { stepId: 'send-reminder', sent: 3, segments: 3 },
    ]);
    expect(formatSmsSteps(JOURNEY, funnel?.sms ?? [])).toEqual([
      '  sms-series/send-welcome: 3 sent in 5 segments (1.67 a message)',
      '  sms-series/send-reminder: 3 sent in 3 segments (1.00 a message)',
    ]);
    // Six messages, billed as eight segments.
    expect(funnel?.messageCost).toBeCloseTo(8 * MESSAGE_COSTS.sms, 6);
  });
});
