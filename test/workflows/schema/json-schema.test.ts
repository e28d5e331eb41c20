import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { JSON_SCHEMAS, jsonSchemaText } from '../../../workflows/schema/json-schema.ts';

describe('editor JSON Schemas', () => {
  test.each(Object.entries(JSON_SCHEMAS))(
    '%s in workflows/schema is generated from the zod schema and up to date',
    (name, schema) => {
      const committed = readFileSync(join('workflows/schema', name), 'utf8');
      expect(committed, `run "npm run schema" to regenerate ${name}`).toBe(jsonSchemaText(schema));
    },
  );

  test('the journey schema carries the step kinds and field descriptions editors show', () => {
    const text = jsonSchemaText(JSON_SCHEMAS['journey.schema.json']);
    for (const kind of ['wait', 'wait_for', 'branch', 'split', 'holdout', 'send', 'grant', 'update', 'exit'])
      expect(text).toContain(`"const": "${kind}"`);
    expect(text).toContain('Percent of entrants held out');
  });

  test('the journey schema documents the default of check_every without filling it in', () => {
    // Prepare
    const text = jsonSchemaText(JSON_SCHEMAS['journey.schema.json']);
    const checkEvery = JSON.stringify(JSON.parse(text)).match(/"check_every":\{[^}]*\}/g) ?? [];

    // Assess
    expect(checkEvery.length).toBeGreaterThan(0);
    for (const property of checkEvery) {
      expect(property).toContain('@default \\"15m\\"');
      expect(property).not.toContain('"default"');
    }
  });
});
