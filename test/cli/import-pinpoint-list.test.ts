import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { journeys } from '../support/cli.ts';

const LIST = 'test/fixtures/pinpoint/list/list-journeys.json';
const BROKEN = 'test/fixtures/pinpoint/list/list-journeys-one-broken.json';
const EXPORTS = ['--templates', 'test/fixtures/pinpoint/exports/templates'];

const folder = () => mkdtempSync(join(tmpdir(), 'journeys-import-list-'));

describe("journeys import pinpoint: list-journeys' output", () => {
  test('every journey of the page is imported, and the workspace validates', async () => {
    // Act
    const out = folder();
    const result = await journeys('import', 'pinpoint', LIST, ...EXPORTS, '--out', out);

    // Assess
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `${LIST} ({"JourneysResponse": {"Item": […]}} (list-journeys, item 1)) → journey welcome-series`,
    );
    expect(result.stdout).toContain(
      `${LIST} ({"JourneysResponse": {"Item": […]}} (list-journeys, item 2)) → journey cart-nudge`,
    );
    expect(result.stdout).toContain('✓ 2 journey(s) imported and valid');
    for (const id of ['welcome-series', 'cart-nudge'])
      expect(existsSync(join(out, 'journeys', `${id}.journey.yaml`)), id).toBe(true);
    expect((await journeys('validate', '-w', out)).code).toBe(0);
  });

  test('one broken journey in the page: its line named, nothing written', async () => {
    // Act
    const out = folder();
    const result = await journeys('import', 'pinpoint', BROKEN, '--out', out);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${BROKEN}:18:71 JourneysResponse.Item[1].Activities.Pause.Wait.WaitTime.WaitFor: expected an ISO 8601 duration`,
    );
    expect(readdirSync(out)).toEqual([]);
  });
});
