import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { htmlPathOf } from '../../cli/html-report.ts';
import { journeys } from '../support/cli.ts';

const FIXTURE = 'test/fixtures/report/simulation-400.report.json';

describe('journeys report', () => {
  test('writes one HTML file from a simulation report and prints where', async () => {
    // Prepare
    const out = join(mkdtempSync(join(tmpdir(), 'journeys-report-')), 'report.html');

    // Act
    const result = await journeys('report', FIXTURE, '--out', out);

    // Assess
    expect(result).toMatchObject({ code: 0, stdout: `HTML report written to ${out}\n` });
    const page = readFileSync(out, 'utf8');
    for (const id of ['cart-nudge', 'first-purchase-gift', 'preheat-618', 'retouch-non-converters'])
      expect(page).toContain(`data-diagram="${id}"`);
    expect(page).toContain('data-table="variants"');
    expect(page).toContain('data-section="bill"');
    expect(page).toContain('data-chart="daily-orders"');
  });

  test('names the field of a file that is not a simulation report, and how to get one', async () => {
    // Prepare
    const file = join(mkdtempSync(join(tmpdir(), 'journeys-report-')), 'other.json');
    writeFileSync(file, JSON.stringify({ funnels: [{ entered: 3 }] }));

    // Act
    const result = await journeys('report', file);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file} is not a simulation report: funnels.0.journeyId:`);
    expect(result.stderr).toContain('journeys simulate');
  });

  test('refuses a file and a stage at once', async () => {
    const result = await journeys('report', FIXTURE, '--stage', 'staging');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('either a report file or --stage');
  });

  test('puts the HTML beside the JSON by default', () => {
    expect(htmlPathOf('out/report.json')).toBe('out/report.html');
    expect(htmlPathOf('runs/618')).toBe('runs/618.html');
  });
});
