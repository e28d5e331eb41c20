import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { journeys } from '../support/cli.ts';

test('simulate --outbox writes every delivered message once, and labels days in the campaign zone', async () => {
  // Prepare: 16:00 UTC on 10 June is midnight of 11 June in Shanghai, where preheat-618 is
  // scheduled; it fires at 10:00 that morning.
  const folder = mkdtempSync(join(tmpdir(), 'journeys-outbox-'));
  const outbox = join(folder, 'outbox.jsonl');
  const report = join(folder, 'report.json');
  // Act
  const result = await journeys(
    'simulate',
    '--customers',
    '60',
    '--days',
    '1',
    '--journeys',
    'preheat-618',
    '--start',
    '2027-06-10T16:00:00Z',
    '--outbox',
    outbox,
    '--report',
    report,
  );
  // Assess
  expect(result.code).toBe(0);
  expect(result.stderr).toContain('day 1/1 2027-06-11 Asia/Shanghai:');
  expect(result.stdout).toContain(`Messages written to ${outbox}`);
  const messages = readFileSync(outbox, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
  const { messages: delivered, funnels } = JSON.parse(readFileSync(report, 'utf8'));
  expect(messages.length).toBeGreaterThan(0);
  expect(messages).toHaveLength(delivered);
  expect(new Set(messages.map((message) => message.idempotencyKey)).size).toBe(messages.length);
  // Who got what: each line names the customer, the journey and step, the channel and the text.
  for (const message of messages)
    expect(message).toMatchObject({
      customerId: expect.any(String),
      journeyId: 'preheat-618',
      stepId: expect.any(String),
      channel: expect.stringMatching(/^(email|sms|push|in_app|webhook)$/),
      body: expect.any(String),
      at: expect.any(Number),
    });
  expect(messages.length).toBe(funnels[0].sent);
}, 180_000);
