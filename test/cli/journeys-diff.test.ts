import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { JourneyDiff } from '../../workflows/diff/journey-diff.ts';
import { journeys } from '../support/cli.ts';

const run = promisify(execFile);
const BIN = resolve('bin/journeys.js');
const EDIT = resolve('test/fixtures/workspaces/journey-edit');
const BEFORE = `${EDIT}/before/journeys/order-thanks.journey.yaml`;
const AFTER = `${EDIT}/after/journeys/order-thanks.journey.yaml`;

/** A scratch repository whose HEAD holds version 1 of the journey and whose work tree holds version 2. */
let repo: string;
beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'journeys-diff-'));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], {
      cwd: repo,
      stdio: 'pipe',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@example.com',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@example.com',
      },
    });
  mkdirSync(join(repo, 'journeys'));
  git('init', '--quiet');
  copyFileSync(BEFORE, join(repo, 'journeys/order-thanks.journey.yaml'));
  git('add', '.');
  git('commit', '--quiet', '-m', 'version 1');
  copyFileSync(AFTER, join(repo, 'journeys/order-thanks.journey.yaml'));
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

/** `journeys diff …` run inside the scratch repository. */
async function diffIn(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, 'diff', ...args], { cwd: repo });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('journeys diff', () => {
  test('two files: names each change and what happens to the customers already in the journey', async () => {
    // Act
    const result = await journeys('diff', BEFORE, AFTER);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('order-thanks: version 1 → version 2');
    expect(result.stdout).toContain('- `coupon` (send): removed');
    expect(result.stdout).toContain('on event `thanks` → `cheers`; on timeout `coupon` → `done`');
    expect(result.stdout).toContain(
      '- waiting at `wait-for-order`: they finish on version 1, so they still get `coupon` and `thanks`, which version 2 removes',
    );
  }, 60_000);

  test('--format json prints the diff as data', async () => {
    // Act
    const result = await journeys('diff', BEFORE, AFTER, '--format', 'json');

    // Assess
    const diff = JSON.parse(result.stdout) as JourneyDiff;
    expect(diff.steps.map((change) => `${change.change} ${change.step}`)).toEqual([
      'removed coupon',
      'removed thanks',
      'changed wait-for-order',
      'added cheers',
    ]);
  }, 60_000);

  test('one file is compared with its version at git HEAD; <revision>:<path> reads any version', async () => {
    // Act
    const againstHead = await diffIn('journeys/order-thanks.journey.yaml');
    const named = await diffIn(
      'HEAD:journeys/order-thanks.journey.yaml',
      'journeys/order-thanks.journey.yaml',
    );

    // Assess
    expect(againstHead.code).toBe(0);
    expect(againstHead.stdout).toContain('order-thanks: version 1 → version 2');
    expect(named.stdout).toBe(againstHead.stdout);
  }, 60_000);

  test('a version git does not hold is refused with what git said, and exit code 2', async () => {
    // Act
    const result = await diffIn('HEAD:journeys/missing.journey.yaml', 'journeys/order-thanks.journey.yaml');

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: HEAD:journeys/missing.journey.yaml: git has no such file (');
  }, 60_000);
});
