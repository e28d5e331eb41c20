// Properties every GitHub Actions workflow keeps, checked on the parsed files.
import { describe, expect, test } from 'vitest';
import { stepRunning, workflows } from '../support/github/workflows.ts';

describe.each(workflows)('%s', (_file, workflow, source) => {
  test('every job runs npm ci, before npm test when it tests', () => {
    for (const [id, current] of Object.entries(workflow.jobs)) {
      const install = stepRunning(current, 'npm ci');
      expect(install, `${id} runs npm ci`).toBeGreaterThanOrEqual(0);
      const tests = stepRunning(current, 'npm test');
      if (tests >= 0) expect(install, `${id} runs npm ci before npm test`).toBeLessThan(tests);
    }
  });

  test('every job checks out the code and sets up Node 24 with the npm cache, before npm ci', () => {
    for (const [id, current] of Object.entries(workflow.jobs)) {
      const checkout = current.steps.findIndex((step) => step.uses?.startsWith('actions/checkout@'));
      const node = current.steps.findIndex((step) => step.uses?.startsWith('actions/setup-node@'));
      expect(checkout, `${id} checks out`).toBeGreaterThanOrEqual(0);
      expect(node, `${id} sets up Node`).toBeGreaterThan(checkout);
      expect(current.steps[node]?.with).toMatchObject({ 'node-version': 24, cache: 'npm' });
      expect(stepRunning(current, 'npm ci'), `${id} installs after setting up Node`).toBeGreaterThan(node);
    }
  });

  test('every uses: is pinned to a version', () => {
    // Act
    const uses = Object.values(workflow.jobs).flatMap((current) =>
      current.steps.flatMap((step) => (step.uses === undefined ? [] : [step.uses])),
    );

    // Assess
    expect(uses.length).toBeGreaterThan(0);
    for (const action of uses) {
      // owner/repo[/path]@vMAJOR[.MINOR[.PATCH]] or a full commit SHA; never a branch such as @main.
      expect(action).toMatch(/^[\w.-]+\/[\w./-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/);
    }
  });

  test('every step runs a non-empty script or uses an action, never both', () => {
    for (const [id, current] of Object.entries(workflow.jobs)) {
      expect(current.steps.length, `${id} has steps`).toBeGreaterThan(0);
      for (const step of current.steps) {
        expect((step.run === undefined) !== (step.uses === undefined), `${id}: ${JSON.stringify(step)}`).toBe(
          true,
        );
        if (step.run === undefined) continue;
        expect(typeof step.run).toBe('string');
        for (const line of step.run.trimEnd().split('\n')) {
          expect(line.trim(), `${id}: a blank line in ${JSON.stringify(step.run)}`).not.toBe('');
        }
      }
    }
  });

  test('reads the repository only, and never uses long-lived AWS keys', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(source).not.toMatch(
      /aws-access-key-id|aws-secret-access-key|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/,
    );
    expect(source).not.toMatch(/secrets\./);
  });

  test('disables CDK CLI telemetry for every cdk command', () => {
    // Act
    const cdk = Object.values(workflow.jobs).flatMap((current) =>
      current.steps.filter((step) => step.run?.includes('npx cdk ')),
    );

    // Assess
    expect(workflow.env).toMatchObject({ CDK_DISABLE_CLI_TELEMETRY: 'true' });
    expect(cdk.length).toBeGreaterThan(0);
    for (const step of cdk) expect(step.run).toContain('--no-notices');
  });
});
