import { describe, expect, test } from 'vitest';
import { deploy, environment, expression, job, needs, stepRunning } from '../support/github/workflows.ts';

describe('deploy.yml', () => {
  test('runs on pushes to main and by hand', () => {
    expect(Object.keys(deploy.on).sort()).toEqual(['push', 'workflow_dispatch']);
    expect(deploy.on.push).toEqual({ branches: ['main'] });
    expect(deploy.concurrency?.['cancel-in-progress']).toBe(false);
  });

  test('tests, then deploys to staging, then to production', () => {
    expect(Object.keys(deploy.jobs)).toEqual(['test', 'staging', 'production']);
    expect(needs(job(deploy, 'test'))).toEqual([]);
    expect(needs(job(deploy, 'staging'))).toEqual(['test']);
    expect(needs(job(deploy, 'production'))).toEqual(['staging']);
  });

  test('the test job tests and synthesizes without AWS access', () => {
    // Prepare
    const testJob = job(deploy, 'test');

    // Act
    const install = stepRunning(testJob, 'npm ci');
    const tests = stepRunning(testJob, 'npm test');
    const synth = stepRunning(testJob, 'npx cdk synth');

    // Assess
    expect(install).toBeGreaterThanOrEqual(0);
    expect(tests).toBeGreaterThan(install);
    expect(synth).toBeGreaterThan(tests);
    expect(testJob.permissions).toBeUndefined();
    expect(environment(testJob)).toBeUndefined();
    expect(testJob.steps.some((step) => step.uses?.startsWith('aws-actions/'))).toBe(false);
  });

  test.each([
    ['staging', 'npx cdk deploy Journeys-staging -c stage=staging --require-approval never --no-notices'],
    [
      'production',
      'npx cdk deploy Journeys-production -c stage=production --require-approval never --no-notices',
    ],
  ])('%s deploys in its environment with OIDC credentials', (stage, command) => {
    // Prepare
    const deployJob = job(deploy, stage);

    // Act
    const credentials = deployJob.steps.findIndex((step) =>
      step.uses?.startsWith('aws-actions/configure-aws-credentials@'),
    );
    const deployStep = stepRunning(deployJob, command);
    const deploys = deployJob.steps.filter((step) => step.run?.includes('cdk deploy'));

    // Assess
    expect(environment(deployJob)).toBe(stage);
    expect(deployJob.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
    expect(credentials).toBeGreaterThanOrEqual(0);
    expect(deployJob.steps[credentials]?.with).toEqual({
      'role-to-assume': expression('vars.AWS_DEPLOY_ROLE_ARN'),
      'aws-region': expression('vars.AWS_REGION'),
    });

    expect(deployStep).toBeGreaterThan(credentials);
    expect(deployStep).toBeGreaterThan(stepRunning(deployJob, 'npm ci'));
    // Each job deploys its own stack only, with the sender and send rate of its environment's variables.
    expect(deploys.map((step) => step.run?.trim().split(' \\\n')[0])).toEqual([command]);
    expect(deploys[0]?.run).toContain('-c "emailMaxPerSecond=$EMAIL_MAX_PER_SECOND"');
    expect(deploys[0]?.env).toEqual({
      EMAIL_FROM: expression('vars.EMAIL_FROM'),
      EMAIL_IDENTITY_ARN: expression('vars.EMAIL_IDENTITY_ARN'),
      EMAIL_MAX_PER_SECOND: expression('vars.EMAIL_MAX_PER_SECOND'),
    });
  });
});
