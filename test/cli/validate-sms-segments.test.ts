import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { journeys } from '../support/cli.ts';

/** The SMS fixture workspace, copied, with the welcome template's body replaced. */
function workspaceWithWelcome(body: string): { root: string; template: string } {
  const root = mkdtempSync(join(tmpdir(), 'journeys-validate-sms-'));
  cpSync('test/fixtures/workspaces/sms', root, { recursive: true });
  const file = join(root, 'templates', 'sms-welcome.template.yaml');
  writeFileSync(file, stringify({ id: 'sms-welcome', channel: 'sms', body }));
  return { root, template: relative(process.cwd(), file) };
}

describe('journeys validate and the length of SMS templates', () => {
  test('warns of a template of 2 GSM-7 segments, and passes it', async () => {
    // Prepare: 144 characters and a name of up to 64.
    const { root, template } = workspaceWithWelcome(
      `${'Big sale today. '.repeat(9)}Hi {{ customer.first_name | default: "there" }}`,
    );

    // Act
    const result = await journeys('validate', '-w', root);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `warning: ${template}:3:7 body: this SMS takes up to 2 segments, each billed`,
    );
    expect(result.stdout).toContain('[template.sms_segments]');
    expect(result.stdout).toContain('✓ 1 journey(s) valid: sms-series; 2 template(s) compiled');
  });

  test('refuses a Chinese template of 11 UCS-2 segments and exits 1', async () => {
    // Prepare: 641 Chinese characters and a first name of up to 64: 705 UCS-2 units, 11 parts of 67.
    const { root, template } = workspaceWithWelcome(
      `${'限时优惠，全场商品八折起！'.repeat(49)}限时优惠{{ customer.first_name | default: "您好" }}`,
    );

    // Act
    const result = await journeys('validate', '-w', root);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `${template}:3:7 body: this SMS takes up to 11 segments: 705 UCS-2 code units`,
    );
    expect(result.stdout).toContain('at most 10 are allowed, so shorten it [template.sms_too_long]');
    expect(result.stdout).not.toContain('✓');
  });
});
