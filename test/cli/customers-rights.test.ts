import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, test } from 'vitest';
import { LocalEngine } from '../../engine/engine.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';
import { event, post } from '../support/engine/engine-harness.ts';

const run = promisify(execFile);

async function journeys(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/journeys.js', ...args], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const ID = 'cli-erase-1';
let dataDir: string;

beforeAll(async () => {
  // A data folder as `journeys serve` leaves it: one customer signed up.
  dataDir = mkdtempSync(join(tmpdir(), 'journeys-rights-cli-'));
  const engine = await LocalEngine.start({
    catalog: await catalogFromWorkspace('workflows', ['cart-nudge']),
    startAt: Date.now(),
    dataDir,
  });
  await post(engine, [event(engine, 'signup-cli', ID, 'signup', { email: 'cli.erase@example.com' })]);
  await engine.stop();
}, 60_000);

describe('journeys customers erase and export', () => {
  test('export prints the profile; erase prints the counts, the same twice; export then finds nothing', async () => {
    // Act
    const exported = await journeys('customers', 'export', ID, '--data-dir', dataDir);
    const erased = await journeys('customers', 'erase', ID, '--data-dir', dataDir);
    const again = await journeys('customers', 'erase', ID, '--data-dir', dataDir);
    const after = await journeys('customers', 'export', ID, '--data-dir', dataDir);

    // Assess
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({
      customerId: ID,
      profile: { email: 'cli.erase@example.com' },
    });
    expect(erased.code).toBe(0);
    expect(JSON.parse(erased.stdout)).toMatchObject({
      erased: true,
      removed: { profile: 1, timelineEvents: 1 },
    });
    expect(again.stdout).toBe(erased.stdout);
    expect(JSON.parse(after.stdout)).toMatchObject({
      profile: null,
      timeline: [],
      erasure: { erasedAt: expect.any(String) },
    });
  }, 120_000);

  test('refuses --stage with --data-dir, and an id the events API would not take, changing nothing', async () => {
    // Act
    const both = await journeys('customers', 'erase', ID, '--data-dir', dataDir, '--stage', 'staging');
    const bad = await journeys('customers', 'erase', 'no spaces', '--data-dir', dataDir);

    // Assess
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--data-dir and --stage');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('expected a customer id of letters, digits');
  }, 60_000);
});
