import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { journeys, journeysUntil } from '../support/cli.ts';

/** `journeys serve` on a free port and its own data folder, stopped once it says it is serving; its stderr. */
function serveUntilReady(...args: string[]): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'journeys-serve-rates-'));
  return journeysUntil('Ctrl-C stops.', [
    'serve',
    '--port',
    '0',
    '--deliver',
    'outbox',
    '--data-dir',
    dataDir,
    ...args,
  ]);
}

describe('the pacing flags of serve and simulate', () => {
  test.each(['serve', 'simulate'])('%s --help lists a rate for each paced channel', async (command) => {
    // Act
    const result = await journeys(command, '--help');

    // Assess
    expect(result.code).toBe(0);
    for (const flag of ['--email-rate', '--sms-rate', '--push-rate', '--webhook-rate'])
      expect(result.stdout).toContain(`${flag} <per-second>`);
    expect(result.stdout).toContain('pace SMS likewise (-c smsMaxPerSecond)');
  });

  test.each([
    ['--sms-rate', '0', '--sms-rate: expected at least 1 SMS message per second'],
    ['--push-rate', 'fast', '--push-rate: expected a number of push notifications per second, such as 1000'],
    [
      '--webhook-rate',
      '2.5',
      '--webhook-rate: expected a whole number of webhook calls per second, such as 50',
    ],
  ])('serve refuses %s %s before it serves anything', async (flag, value, message) => {
    // Act
    const result = await journeys('serve', '--port', '0', flag, value);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  test('serve paces the channels the flags name, and says so when it starts', async () => {
    // Act
    const stderr = await serveUntilReady('--email-rate', '14', '--sms-rate', '20', '--webhook-rate', '5');

    // Assess
    expect(stderr).toContain('paced: email 14/s, sms 20/s, webhook 5/s.');
  }, 60_000);
});
