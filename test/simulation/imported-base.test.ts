import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runSimulation } from '../../simulation/simulate.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';
import { writeCustomerCsv } from '../support/import/customer-file.ts';

const ROWS = 300;

/** preheat-618 over the customers of a file, imported through the import function. */
const simulateFile = async (customersFile: string) =>
  runSimulation({
    catalog: await catalogFromWorkspace('workflows', ['preheat-618']),
    customers: 1,
    customersFile,
    days: 2,
    seed: 7,
    startAt: Date.parse('2027-06-10T16:00:00Z'),
  });

test('simulate --customers-file runs the journeys over the imported base, the same seed giving the same funnel', async () => {
  // Prepare: 300 customers, nine in ten of them members (the preheat audience).
  const file = join(mkdtempSync(join(tmpdir(), 'journeys-sim-base-')), 'customers.csv');
  await writeCustomerCsv(file, ROWS);

  // Act
  const first = await simulateFile(file);
  const second = await simulateFile(file);

  // Assess
  const preheat = first.funnels.find((funnel) => funnel.journeyId === 'preheat-618');
  const members = Array.from({ length: ROWS }, (_, index) => index + 1).filter((n) => n % 10 !== 0).length;
  expect(preheat?.entered).toBeGreaterThan(0);
  expect(preheat?.entered).toBeLessThanOrEqual(members);
  expect(first.failedExecutions).toBe(0);
  expect(second.funnels).toEqual(first.funnels);
}, 120_000);
