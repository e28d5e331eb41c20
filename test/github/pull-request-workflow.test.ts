import { describe, expect, test } from 'vitest';
import {
  environment,
  expression,
  job,
  needs,
  pullRequest,
  stepNamed,
  stepRunning,
  text,
} from '../support/github/workflows.ts';

describe('pull-request.yml', () => {
  const check = job(pullRequest, 'check');

  test('runs on pull requests, one run per pull request at a time', () => {
    expect(Object.keys(pullRequest.on)).toEqual(['pull_request']);
    expect(pullRequest.concurrency?.group).toContain('github.event.pull_request.number');
    expect(pullRequest.concurrency?.['cancel-in-progress']).toBe(true);
  });

  test('has one job that needs nothing and holds no deploy rights', () => {
    expect(Object.keys(pullRequest.jobs)).toEqual(['check']);
    expect(needs(check)).toEqual([]);
    expect(environment(check)).toBeUndefined();
    expect(check.permissions).toBeUndefined();
    expect(text.pullRequest).not.toContain('id-token');
    expect(text.pullRequest).not.toContain('configure-aws-credentials');
  });

  test('checks out the full history, so the diff against the base branch works', () => {
    const checkout = check.steps.find((step) => step.uses?.startsWith('actions/checkout@'));
    expect(checkout?.with).toMatchObject({ 'fetch-depth': 0 });
  });

  test('tests, validates the journeys and synthesizes, in that order', () => {
    // Act
    const order = [
      'npm ci',
      'npm test',
      'npx journeys validate workflows/journeys/*',
      'npx cdk synth --no-notices',
    ].map((command) => stepRunning(check, command));

    // Assess
    for (const index of order) expect(index).toBeGreaterThanOrEqual(0);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  test('writes a mermaid diagram and the diff of each changed journey to the job summary', () => {
    // Prepare
    const summary = stepNamed(check, 'Diagrams and diffs of changed journeys');
    const script = summary.run ?? '';

    // Assess
    expect(summary.env).toEqual({ BASE_REF: expression('github.base_ref') });
    expect(script).toContain('git diff --name-only');
    expect(script).toContain(`"origin/\${BASE_REF}...HEAD"`);
    expect(script).toContain("-- 'workflows/journeys/*.journey.yaml'");
    expect(script).toContain('```mermaid');
    expect(script).toContain('npx journeys diagram "$file"');
    expect(script).toContain(`base=$(git merge-base "origin/\${BASE_REF}" HEAD)`);
    expect(script).toContain(`npx journeys diff "\${base}:\${file}" "$file"`);
    expect(script).toContain('>> "$GITHUB_STEP_SUMMARY"');
    // Pull-request data reaches the shell through env and quoted variables, never through ${{ }} in the script.
    expect(script).not.toContain(`\${{`);
  });

  test("uploads the browser tests' screenshots as an artifact, also when a test failed", () => {
    // Prepare
    const upload = stepNamed(check, 'Screenshots of the report and the live dashboard');

    // Assess
    expect(upload.uses).toMatch(/^actions\/upload-artifact@v\d+$/);
    expect(upload.with).toMatchObject({ path: 'out/screenshots/' });
    expect((upload as { if?: string }).if).toBe('always()');
    expect(check.steps.indexOf(upload)).toBeGreaterThan(stepRunning(check, 'npm test'));
  });
});
