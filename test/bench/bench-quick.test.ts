import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const run = promisify(execFile);

test('npm run bench -- --quick writes results with the machine, each simulation, growth and both ceilings', async () => {
  // Prepare
  const out = join(mkdtempSync(join(tmpdir(), 'journeys-bench-')), 'results.json');
  // Act
  const { stdout } = await run('npm', ['run', 'bench', '--', '--quick', '--out', out], {
    maxBuffer: 16 * 1024 * 1024,
  });
  // Assess: the structure, never the timings.
  const results = JSON.parse(readFileSync(out, 'utf8'));
  expect(results).toMatchObject({
    quick: true,
    machine: { cpu: expect.any(String), cores: expect.any(Number), node: process.version },
    ceilings: {
      interpreterSeconds: expect.any(Number),
      dynaliteSeconds: expect.any(Number),
      simulationToInterpreter: expect.any(Number),
      simulationToDynalite: expect.any(Number),
    },
  });
  expect(results.simulations).toHaveLength(2);
  for (const simulation of results.simulations) {
    expect(simulation).toMatchObject({
      customers: expect.any(Number),
      seconds: expect.any(Number),
      customersPerSecond: expect.any(Number),
      peakRssMb: expect.any(Number),
      failedExecutions: 0,
      operations: { standardTransitions: expect.any(Number), dynamo: { requests: expect.any(Object) } },
    });
  }
  expect(results.growth).toEqual([
    expect.objectContaining({
      from: 100,
      to: 200,
      sizeRatio: 2,
      timeRatio: expect.any(Number),
      memoryRatio: expect.any(Number),
    }),
  ]);
  expect(stdout).toContain('Against the local ceilings');
  expect(results.import).toMatchObject({
    rows: 1_000,
    seconds: expect.any(Number),
    rowsPerSecond: expect.any(Number),
    reimportRowsPerSecond: expect.any(Number),
    rejected: 0,
  });
  expect(stdout).toContain('Customer import (journeys customers import');
  expect(results.aws).toMatchObject({
    perMillionCustomers: { total: expect.any(Number) },
    projectedPerMillionCustomers: { fromCustomers: [100, 200], bill: { total: expect.any(Number) } },
    perMillionCustomersByJourney: { total: expect.any(Number) },
    perMillionEnteredOfEachJourney: {
      'preheat-618': { entered: expect.any(Number), bill: { total: expect.any(Number) } },
    },
    eventsApiPerMillionCustomers: { apiGateway: { requests: expect.any(Number) }, total: expect.any(Number) },
    naive: { usdPerMillionCustomers: expect.any(Number) },
    fanOut10M: {
      newTables: { seconds: expect.any(Number), binding: expect.any(String) },
      naive: { binding: expect.any(String) },
    },
  });
  expect(stdout).toContain('AWS cost and fan-out model');
  expect(stdout).toContain('Each journey on its own, per 1M customers entering it');
}, 180_000);
