import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { aslProblems } from '../../workflows/compiler/validate-asl.ts';

const run = promisify(execFile);

async function journeys(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', ['bin/journeys.js', ...args], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** A copy of the built-in workspace in a temp folder, so a test can break one file. */
function scratchWorkspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'journeys-cli-'));
  cpSync('workflows/journeys', join(root, 'journeys'), { recursive: true });
  cpSync('workflows/offers', join(root, 'offers'), { recursive: true });
  cpSync('workflows/templates', join(root, 'templates'), { recursive: true });
  return root;
}

describe('journeys validate', () => {
  test('passes on the built-in journeys with exit code 0', async () => {
    const result = await journeys(
      'validate',
      'workflows/journeys/cart-nudge.journey.yaml',
      'workflows/journeys/preheat-618.journey.yaml',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('✓ 2 journey(s) valid');
  });

  test('lists every violation of a malformed journey with file:line:column and exits 1', async () => {
    // Prepare
    const root = scratchWorkspace();
    const file = join(root, 'journeys', 'broken.journey.yaml');
    writeFileSync(
      file,
      [
        'id: broken',
        'name: Broken',
        'description: Two mistakes',
        'version: 1',
        'trigger: { kind: event, event: add_to_cart }',
        'steps:',
        '  - id: hello',
        '    kind: send',
        '    channel: emial',
        '    template: cart-coupon-email',
        '  - id: later',
        '    kind: wait',
        '    duration: 5 days',
        '',
      ].join('\n'),
    );
    // Act
    const result = await journeys('validate', file);
    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /broken\.journey\.yaml:9:14 steps\[0\]\.channel: expected one of "email", "sms", "push", "in_app", "webhook" \[schema\.invalid_value\]/,
    );
    expect(result.stdout).toMatch(/broken\.journey\.yaml:13:15 steps\[1\]\.duration: expected a duration/);
    expect(result.stdout).toContain('✗ 2 violation(s)');
  });

  test('--format json reports the violations as data', async () => {
    const root = scratchWorkspace();
    const file = join(root, 'journeys', 'cart-nudge.journey.yaml');
    writeFileSync(file, 'id: cart-nudge\n');
    const result = await journeys('validate', '--format', 'json', file);
    const report = JSON.parse(result.stdout) as {
      valid: boolean;
      violations: { code: string; path: string[] }[];
    };
    expect(result.code).toBe(1);
    expect(report.valid).toBe(false);
    expect(report.violations.map((violation) => violation.path[0]).sort()).toEqual([
      'description',
      'name',
      'steps',
      'trigger',
      'version',
    ]);
  });
});

describe('journeys compile and diagram', () => {
  test('compile prints ASL JSON that passes asl-validator', async () => {
    const result = await journeys(
      'compile',
      'workflows/journeys/retouch-non-converters.journey.yaml',
      '--map-mode',
      'distributed',
    );
    expect(result.code).toBe(0);
    const definition = JSON.parse(result.stdout);
    expect(aslProblems(definition)).toEqual([]);
    expect(result.stdout).toContain('"Mode": "DISTRIBUTED"');
  });

  test('a bad option value is refused with the flag named and exit code 2', async () => {
    const result = await journeys(
      'compile',
      'workflows/journeys/cart-nudge.journey.yaml',
      '--max-concurrency',
      'lots',
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--max-concurrency: expected a whole number');
  });

  test('simulate refuses an email rate below 1 a second before it simulates anything', async () => {
    const result = await journeys('simulate', '--email-rate', '0');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--email-rate: expected at least 1 email per second');
  });

  test('compile refuses an invalid journey and lists why', async () => {
    const root = scratchWorkspace();
    const file = join(root, 'journeys', 'cart-nudge.journey.yaml');
    writeFileSync(file, 'id: cart-nudge\nname: x\n');
    const result = await journeys('compile', file);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is not valid; fix these first');
  });

  test('diagram prints a Mermaid flowchart of cart-nudge', async () => {
    const result = await journeys('diagram', 'workflows/journeys/cart-nudge.journey.yaml');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('flowchart TD');
    expect(result.stdout).toContain('step_send_cart_reminder');
  });
});

describe('help', () => {
  test.each(['validate', 'diagram', 'compile', 'schema', 'outline'])(
    '%s --help explains the command',
    async (command) => {
      const result = await journeys(command, '--help');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Usage: journeys ${command}`);
    },
  );

  test.each(['--version', '-V'])('%s prints the version from package.json', async (flag) => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const result = await journeys(flag);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${version}\n`);
  });

  test('an unknown command is refused with a hint', async () => {
    const result = await journeys('launch');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("unknown command 'launch'");
  });
});
