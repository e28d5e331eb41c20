import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { journeyLanguageReference } from '../../../workflows/schema/reference-doc.ts';

test('docs/journey-language.md is generated from the zod schema and up to date', () => {
  const committed = readFileSync('docs/journey-language.md', 'utf8');
  expect(committed, 'run "npm run schema" to regenerate it').toBe(`${journeyLanguageReference()}\n`);
});

test('the reference documents every step kind with its fields and defaults', () => {
  const text = journeyLanguageReference();
  for (const kind of ['wait', 'wait_for', 'branch', 'split', 'holdout', 'send', 'grant', 'update', 'exit']) {
    expect(text).toContain(`### \`${kind}\``);
  }
  expect(text).toContain(
    '| `check_every` | string |  | How often the cohort is checked for the event. *Default: "15m".* |',
  );
});
