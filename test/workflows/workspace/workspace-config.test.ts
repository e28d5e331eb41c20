import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatViolation, type LocatedViolation } from '../../../workflows/rules/violation.ts';
import { catalogFromWorkspace } from '../../../workflows/workspace/catalog.ts';
import { compileWorkspace } from '../../../workflows/workspace/compile-workspace.ts';
import { loadWorkspace } from '../../../workflows/workspace/workspace.ts';
import { writeWebhookWorkspace } from '../../support/webhook-workspace.ts';

const shown = (violations: readonly LocatedViolation[], root: string) =>
  violations.map((violation) =>
    formatViolation({ ...violation, file: violation.file.replace(`${root}/`, '') }),
  );

describe('the webhook allowlist of workspace.config.yaml', () => {
  test('webhook templates whose url the allowlist admits validate and compile with their url', async () => {
    // Prepare
    const root = writeWebhookWorkspace({
      url: 'https://hooks.example.com/journeys/welcome',
      allow: ['https://hooks.example.com/journeys/'],
    });

    // Act
    const workspace = await compileWorkspace(root);

    // Assess
    expect(workspace.violations).toEqual([]);
    expect(workspace.config.config).toEqual({ webhooks: { allow: ['https://hooks.example.com/journeys/'] } });
    expect(workspace.templates.get('welcome-webhook')?.url).toBe(
      'https://hooks.example.com/journeys/welcome',
    );
  });

  test('a url outside the allowlist is refused at its line in each template, and nothing runs', async () => {
    // Prepare
    const root = writeWebhookWorkspace({
      url: 'https://attacker.example/collect',
      allow: ['https://hooks.example.com/journeys/'],
    });

    // Act
    const workspace = await compileWorkspace(root);

    // Assess
    const expected = (file: string) =>
      `templates/${file}.template.yaml:3:6 url: url "https://attacker.example/collect" is not in the webhook allowlist; ` +
      `expected a URL that webhooks.allow in ${root}/workspace.config.yaml admits (https://hooks.example.com/journeys/), ` +
      'or add it there [template.webhook_url_not_allowed]';
    expect(shown(workspace.violations, root)).toEqual([
      expected('follow-up-webhook'),
      expected('welcome-webhook'),
    ]);
    expect(workspace.templates.has('welcome-webhook')).toBe(false);
    await expect(catalogFromWorkspace(root)).rejects.toThrow('template.webhook_url_not_allowed');
  });

  test('without a config file no webhook url is allowed, and the message says where to list it', () => {
    const root = writeWebhookWorkspace({ url: 'https://hooks.example.com/journeys/welcome', allow: null });
    const [first] = loadWorkspace(root).violations;
    expect(first?.code).toBe('template.webhook_url_not_allowed');
    expect(first?.message).toBe(
      `url "https://hooks.example.com/journeys/welcome" is not in the webhook allowlist; no webhook URL is allowed yet: ` +
        `list it (or a prefix ending in "/") under webhooks.allow in ${join(root, 'workspace.config.yaml')}`,
    );
  });

  test('a config file that breaks its schema is refused at its own lines', () => {
    // Prepare
    const root = writeWebhookWorkspace({ url: 'https://hooks.example.com/journeys/welcome' });
    writeFileSync(
      join(root, 'workspace.config.yaml'),
      [
        'webhooks:',
        '  allow:',
        '    - http://hooks.example.com/journeys/',
        '    - https://u:p@hooks.example.com/',
        'webhook: {}',
        '',
      ].join('\n'),
    );

    // Act
    const violations = shown(loadWorkspace(root).violations, root);

    // Assess: the templates' urls are not judged against an allowlist that is itself wrong.
    expect(violations).toEqual([
      'workspace.config.yaml:3:7 webhooks.allow[0]: expected https; plain http goes only to localhost or 127.0.0.1 (a local receiver), such as "https://hooks.example.com/journeys" [schema.custom]',
      'workspace.config.yaml:4:7 webhooks.allow[1]: expected no user name or password in the URL; receivers check the signature instead [schema.custom]',
      'workspace.config.yaml:5:1 webhook: unknown field "webhook"; check its spelling or remove it [schema.unknown_field]',
    ]);
  });
});
