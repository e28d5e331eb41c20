import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { LocalEngine } from '../../engine/engine.ts';
import type { OutgoingMessage } from '../../functions/commons/channels/channel-adapter.ts';
import type { ExecutionInput } from '../../workflows/contracts/execution.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';
import {
  event,
  HOUR_MS,
  playUntil,
  post,
  postAndTick,
  stepsReceivedBy,
} from '../support/engine/engine-harness.ts';

// Version 1 sends `coupon` at the timeout and `thanks` to buyers; version 2 removes both, and
// buyers get `cheers` instead (test/fixtures/workspaces/journey-edit).
const WORKSPACES = 'test/fixtures/workspaces/journey-edit';
const START = Date.parse('2027-06-11T10:00:00.000Z');

let dataDir: string | undefined;
let running: LocalEngine | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

/** An engine on one side of the edit, over the same data folder, every message it delivers kept. */
async function engineOn(side: 'before' | 'after', startAt: number, delivered: OutgoingMessage[]) {
  running = await LocalEngine.start({
    catalog: await catalogFromWorkspace(join(WORKSPACES, side)),
    startAt,
    dataDir,
    onDeliver: (messages) => delivered.push(...messages),
  });
  return running;
}

const signup = (engine: LocalEngine, customerId: string) =>
  event(engine, `signup-${customerId}`, customerId, 'signup', {
    timezone: 'UTC',
    email: `${customerId}@example.com`,
    consent: { email: true },
  });

describe('a journey edited while customers are in it', () => {
  test('customers in the old version finish on it, removed steps included; new entrants go through the new one only', async () => {
    // Prepare: two customers enter version 1 and wait for an order; the engine stops at a quiet moment
    dataDir = mkdtempSync(join(tmpdir(), 'journeys-edit-'));
    const delivered: OutgoingMessage[] = [];
    const before = await engineOn('before', START, delivered);
    await postAndTick(before, [signup(before, 'old-buyer'), signup(before, 'old-waiter')]);
    const checkpoint = before.checkpoint();
    await before.stop();
    running = undefined;

    // Act: the edited workspace is served on the same data folder; two customers enter it, and
    // one customer of each version orders before the first check
    const after = await engineOn('after', checkpoint.now, delivered);
    after.restore(checkpoint);
    await postAndTick(after, [signup(after, 'new-buyer'), signup(after, 'new-waiter')]);
    await post(after, [
      event(after, 'order-old', 'old-buyer', 'purchase', { orderId: 'order-old', orderValue: 40 }),
      event(after, 'order-new', 'new-buyer', 'purchase', { orderId: 'order-new', orderValue: 40 }),
    ]);
    await playUntil(after, START + 72 * HOUR_MS);

    // Assess: each customer got the messages of the version they entered, to the end
    expect(stepsReceivedBy(delivered, 'old-buyer')).toEqual(['order-thanks/welcome', 'order-thanks/thanks']);
    expect(stepsReceivedBy(delivered, 'old-waiter')).toEqual(['order-thanks/welcome', 'order-thanks/coupon']);
    expect(stepsReceivedBy(delivered, 'new-buyer')).toEqual(['order-thanks/welcome', 'order-thanks/cheers']);
    expect(stepsReceivedBy(delivered, 'new-waiter')).toEqual(['order-thanks/welcome']);
    const executions = after.executions.list();
    expect(executions.map((execution) => execution.status)).toEqual(executions.map(() => 'SUCCEEDED'));
    // The version-1 buyer's fork started on version 1, at a step version 2 no longer has.
    const forks = executions
      .filter((execution) => (execution.input as ExecutionInput).at !== undefined)
      .map((execution) => ({ version: execution.version, at: (execution.input as ExecutionInput).at }));
    expect(forks).toEqual(
      expect.arrayContaining([
        { version: 'order-thanks:1', at: 'thanks' },
        { version: 'order-thanks:2', at: 'cheers' },
      ]),
    );
    expect(forks).toHaveLength(2);
  });

  test('nobody is moved onto a step of another version: every execution starts at a state of its own version', async () => {
    // Prepare
    dataDir = mkdtempSync(join(tmpdir(), 'journeys-edit-'));
    const delivered: OutgoingMessage[] = [];
    const before = await engineOn('before', START, delivered);
    await postAndTick(before, [signup(before, 'old-buyer')]);
    const checkpoint = before.checkpoint();
    await before.stop();
    running = undefined;
    const after = await engineOn('after', checkpoint.now, delivered);
    after.restore(checkpoint);

    // Act
    await postAndTick(after, [signup(after, 'new-buyer')]);
    await post(after, [
      event(after, 'order-old', 'old-buyer', 'purchase', { orderId: 'order-old', orderValue: 40 }),
      event(after, 'order-new', 'new-buyer', 'purchase', { orderId: 'order-new', orderValue: 40 }),
    ]);
    await playUntil(after, START + 72 * HOUR_MS);

    // Assess: the versions were kept in the data folder, and each execution names one of them
    expect(after.versions.list().map((version) => `${version.journeyId}:${version.number}`)).toEqual([
      'order-thanks:1',
      'order-thanks:2',
    ]);
    const executions = after.executions.list().filter((execution) => execution.input !== null);
    expect(executions.length).toBeGreaterThanOrEqual(3);
    for (const execution of executions) {
      const input = execution.input as ExecutionInput;
      const version = after.versions.find(execution.version ?? '');
      expect(input.run.stateMachineVersion, execution.name).toBe(execution.version);
      if (input.at !== undefined) expect(Object.keys(version?.definition.States ?? {})).toContain(input.at);
    }
  });
});
