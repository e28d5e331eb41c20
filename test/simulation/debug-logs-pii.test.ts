import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { LOG_LEVEL_VARIABLE } from '../../engine/local-logger.ts';
import { generateCustomerBase } from '../../simulation/customer-base.ts';
import { writeCustomersCsv } from '../../simulation/customer-csv.ts';
import { runSimulation } from '../../simulation/simulate.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';
import { capturedOutput } from '../support/logs/captured-output.ts';
import { personalData, scanForPii } from '../support/logs/pii-scan.ts';

const START = Date.parse('2027-06-10T16:00:00Z');

/** A row the import rejects (its phone is no number), with an email and a name of its own. */
const REJECTED = {
  customerId: 'rejected-row',
  email: 'rejected.row@example.com',
  attributes: { first_name: 'Xiaoling' },
};

afterEach(() => {
  delete process.env[LOG_LEVEL_VARIABLE];
});

test('a simulation logging at debug level writes no email, phone or name of the base', async () => {
  // Prepare: the synthetic base as a file, imported through the import function, plus a bad row.
  const base = generateCustomerBase({ customers: 200, seed: 11, createdAt: START - 365 * 86_400_000 });
  const file = join(mkdtempSync(join(tmpdir(), 'journeys-pii-logs-')), 'customers.csv');
  await writeCustomersCsv(file, base);
  appendFileSync(
    file,
    `${REJECTED.customerId},${REJECTED.email},call me,Asia/Shanghai,true,false,0,0,0,,,true,false,false,Xiaoling,Beijing\n`,
  );
  const data = personalData([...base, REJECTED]);
  const fields = [...data.values()].map((entry) => entry.field);
  // The scan is only as good as what it looks for: the base has all three kinds.
  expect(fields.filter((field) => field === 'email').length).toBeGreaterThan(150);
  expect(fields.filter((field) => field === 'phone').length).toBeGreaterThan(150);
  expect(fields.filter((field) => field === 'first_name').length).toBeGreaterThan(5);
  process.env[LOG_LEVEL_VARIABLE] = 'DEBUG';

  // Act: every journey of the workspace over the base, for four days.
  const lines = await capturedOutput(async () => {
    const result = await runSimulation({
      catalog: await catalogFromWorkspace('workflows'),
      customers: 1,
      customersFile: file,
      days: 4,
      seed: 11,
      startAt: START,
    });
    expect(result.messages).toBeGreaterThan(0);
  });

  // Assess: the handlers did log, as JSON at their levels, and none of it is personal data.
  const logs = lines.map((line) => JSON.parse(line) as { level: string; message: string });
  expect(logs.filter((log) => log.level === 'DEBUG').length).toBeGreaterThan(100);
  expect(logs.some((log) => log.message === 'import batch')).toBe(true);
  expect(logs.every((log) => typeof log.level === 'string' && typeof log.message === 'string')).toBe(true);
  expect(scanForPii(lines, data)).toEqual([]);
}, 300_000);

test('the scan finds an email, a phone without its "+" and a name planted in a log line', () => {
  // Prepare
  const [customer] = generateCustomerBase({ customers: 1, seed: 11, createdAt: START });
  if (!customer?.email || !customer.phone)
    throw new Error('the first customer of seed 11 has an email and a phone');
  const name = String(customer.attributes.first_name);
  const lines = [
    JSON.stringify({ level: 'INFO', message: 'sent', to: customer.email.toUpperCase() }),
    JSON.stringify({ level: 'DEBUG', message: `sms to ${customer.phone.slice(1)}` }),
    JSON.stringify({ level: 'DEBUG', message: `hello ${name}!` }),
    JSON.stringify({ level: 'DEBUG', message: `${name}utes later`, customerId: customer.customerId }),
  ];
  // Act
  const found = scanForPii(lines, personalData([customer]));
  // Assess: the fourth line holds the name only inside a longer word, and its id is no PII.
  expect(found.map(({ line, field }) => [line, field])).toEqual([
    [0, 'email'],
    [1, 'phone'],
    [2, 'first_name'],
  ]);
});
