import { execFile } from 'node:child_process';
import { relative } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { writeWebhookWorkspace } from '../support/webhook-workspace.ts';

const run = promisify(execFile);

async function validate(root: string): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run('node', ['bin/journeys.js', 'validate', '-w', root], {
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

describe('journeys validate and the webhook allowlist', () => {
  test('passes webhook templates whose url workspace.config.yaml allows', async () => {
    const root = writeWebhookWorkspace({
      url: 'https://hooks.example.com/journeys/welcome',
      allow: ['https://hooks.example.com/journeys/'],
    });
    const result = await validate(root);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('✓ 2 journey(s) valid');
  });

  test('refuses a url outside the allowlist at file:line:column and exits 1', async () => {
    // Prepare
    const root = writeWebhookWorkspace({
      url: 'https://attacker.example/collect',
      allow: ['https://hooks.example.com/journeys/'],
    });

    // Act
    const result = await validate(root);

    // Assess
    const template = relative(process.cwd(), `${root}/templates/welcome-webhook.template.yaml`);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `${template}:3:6 url: url "https://attacker.example/collect" is not in the webhook allowlist;`,
    );
    expect(result.stdout).toContain('[template.webhook_url_not_allowed]');
    expect(result.stdout).toContain('✗ 2 violation(s)');
  });
});
