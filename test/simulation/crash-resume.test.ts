import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const run = promisify(execFile);
const SIMULATION = ['bin/journeys.js', 'simulate', '--customers', '150', '--days', '5', '--seed', '7'];

/** Starts a persistent simulation and kills it hard once it has reported `day`. */
async function killAfterDay(dataDir: string, files: readonly string[], day: number): Promise<void> {
  const child: ChildProcess = spawn('node', [...SIMULATION, '--data-dir', dataDir, ...files], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let progress = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      progress += chunk.toString();
      if (progress.includes(`day ${day}/5`)) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.once('exit', () => reject(new Error(`the simulation ended before day ${day}: ${progress}`)));
  });
  await new Promise((resolve) => child.once('exit', resolve));
}

test('a simulation killed midway resumes from its data dir to the same final funnel as an uninterrupted run', async () => {
  // Prepare
  const folder = mkdtempSync(join(tmpdir(), 'journeys-resume-'));
  const uninterrupted = join(folder, 'uninterrupted.json');
  const resumed = join(folder, 'resumed.json');
  const outboxes = {
    uninterrupted: join(folder, 'uninterrupted.jsonl'),
    resumed: join(folder, 'resumed.jsonl'),
  };
  const resumedFiles = ['--report', resumed, '--outbox', outboxes.resumed];
  await run('node', [...SIMULATION, '--report', uninterrupted, '--outbox', outboxes.uninterrupted]);
  // Act
  await killAfterDay(join(folder, 'data'), resumedFiles, 2);
  const second = await run('node', [...SIMULATION, '--data-dir', join(folder, 'data'), ...resumedFiles]);
  // Assess
  expect(second.stderr).toContain('resuming after day 2');
  const expected = JSON.parse(readFileSync(uninterrupted, 'utf8'));
  const actual = JSON.parse(readFileSync(resumed, 'utf8'));
  expect(actual.funnels).toEqual(expected.funnels);
  expect(actual.messages).toBe(expected.messages);
  expect(actual.operations.standardTransitions).toBe(expected.operations.standardTransitions);
  // The bill by payer survives the stop: every journey keeps the Lambda calls charged to it.
  expect(lambdaByPayer(actual)).toEqual(lambdaByPayer(expected));
  // The outbox holds each message once, though the days after the checkpoint delivered theirs again.
  const keysOf = (file: string) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line).idempotencyKey as string);
  expect(keysOf(outboxes.resumed)).toHaveLength(new Set(keysOf(outboxes.resumed)).size);
  expect(new Set(keysOf(outboxes.resumed))).toEqual(new Set(keysOf(outboxes.uninterrupted)));
  expect(keysOf(outboxes.resumed)).toHaveLength(expected.messages);
}, 120_000);

const lambdaByPayer = (report: { operations: { byPayer: Record<string, { lambdaInvocations: unknown }> } }) =>
  Object.fromEntries(
    Object.entries(report.operations.byPayer).map(([payer, counts]) => [payer, counts.lambdaInvocations]),
  );
