import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { journeys } from '../support/cli.ts';

const SAMPLE = 'test/fixtures/pinpoint/aws-reference-sample.json';
const CART = 'test/fixtures/pinpoint/mapping/cart-recovery.json';
const EXPORTS = ['--segments', 'test/fixtures/pinpoint/exports/segments.json'];
const TEMPLATES = ['--templates', 'test/fixtures/pinpoint/exports/templates'];

const folder = () => mkdtempSync(join(tmpdir(), 'journeys-import-args-'));

describe('journeys import pinpoint: arguments, --strict and --force', () => {
  test('--help says what it writes, the exit codes, and how to export from Pinpoint', async () => {
    const result = await journeys('import', 'pinpoint', '--help');
    expect(result.code).toBe(0);
    for (const part of [
      'journeys/<id>.import.md',
      '# TODO(import):',
      'Exit codes: 0 written and valid; 1 refused or invalid; 2 bad arguments',
      'aws pinpoint get-journey --application-id <project> --journey-id <id>',
      'docs/migrating-from-pinpoint.md',
    ])
      expect(result.stdout).toContain(part);
  });

  test('bad paths: every problem named at once, exit 2, nothing written', async () => {
    // Prepare
    const out = folder();
    const notAFolder = join(out, 'file.txt');
    writeFileSync(notAFolder, 'x');

    // Act
    const result = await journeys(
      'import',
      'pinpoint',
      'missing.json',
      SAMPLE,
      SAMPLE,
      '--segments',
      'test/fixtures/pinpoint',
      '--templates',
      SAMPLE,
      '--out',
      notAFolder,
    );

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      "error: missing.json: does not exist; expected a Pinpoint journey JSON file (aws pinpoint get-journey's output)",
      `error: ${SAMPLE}: given twice; expected each journey file once`,
      "error: --segments test/fixtures/pinpoint: is a folder; expected one JSON file of get-segment's output, a list of them, or get-segments'",
      `error: --templates ${SAMPLE}: is a file; expected a folder of get-email-template, get-sms-template and get-push-template outputs (.json)`,
      `error: --out ${notAFolder}: is a file; expected the workspace folder to write journeys/ and templates/ into`,
    ]);
    expect(readdirSync(out)).toEqual(['file.txt']);
  });

  test('--strict refuses the losses, each named, and writes nothing', async () => {
    const out = folder();
    const result = await journeys(
      'import',
      'pinpoint',
      CART,
      ...EXPORTS,
      ...TEMPLATES,
      '--out',
      out,
      '--strict',
    );
    expect(result.code).toBe(1);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toContain(
      'loss: cart-recovery: activity CallCenter (ContactCenter): an Amazon Connect call has no counterpart here: left out, its customers go on to the next activity',
    );
    expect(lines.filter((line) => line.startsWith('loss: cart-recovery: '))).toHaveLength(4);
    expect(lines.at(-1)).toBe('✗ --strict: 4 loss(es); nothing was written');
    expect(readdirSync(out)).toEqual([]);
  });

  test('without --strict the losses are # TODO(import): comments in the journey written', async () => {
    const out = folder();
    const result = await journeys('import', 'pinpoint', CART, ...EXPORTS, ...TEMPLATES, '--out', out);
    expect(result.code).toBe(0);
    const journey = readFileSync(join(out, 'journeys/cart-recovery.journey.yaml'), 'utf8');
    expect(journey).toContain('# TODO(import): activity CallCenter (ContactCenter)');
    expect(journey.match(/# TODO\(import\):/g)).toHaveLength(4);
  });

  test('a broken input: its violation at file:line:column, exit 1, nothing written', async () => {
    const out = folder();
    const broken = 'test/fixtures/pinpoint/broken/dangling-next-activity.json';
    const result = await journeys('import', 'pinpoint', SAMPLE, broken, '--out', out);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${broken}:6:72 Activities.Welcome.EMAIL.NextActivity: activity "Welcome" leads to "FollowUp", which is not an activity; expected one of: Welcome, Pause [pinpoint.unknown_activity]`,
    );
    expect(result.stderr).toContain('✗ 1 problem(s) in the Pinpoint input: nothing was written');
    expect(readdirSync(out)).toEqual([]);
  });

  test('two journeys with the same name are refused rather than written over each other', async () => {
    const out = folder();
    const copy = join(out, 'copy.json');
    copyFileSync(SAMPLE, copy);
    const result = await journeys('import', 'pinpoint', SAMPLE, copy, '--out', join(out, 'workspace'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${copy}: its journey id "example-corp-new-subscriber-journey" (from its Name) is also ${SAMPLE}'s;`,
    );
    expect(existsSync(join(out, 'workspace'))).toBe(false);
  });

  test('files that exist are kept unless --force', async () => {
    const out = folder();
    expect((await journeys('import', 'pinpoint', SAMPLE, '--out', out)).code).toBe(0);
    const again = await journeys('import', 'pinpoint', SAMPLE, '--out', out);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(
      `${join(out, 'journeys/example-corp-new-subscriber-journey.journey.yaml')} exists`,
    );
    expect((await journeys('import', 'pinpoint', SAMPLE, '--out', out, '--force')).code).toBe(0);
    // Three runs of the command, each loading it afresh.
  }, 180_000);
});
