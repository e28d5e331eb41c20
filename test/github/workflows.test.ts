// Checks the GitHub Actions workflows without actionlint (not installable here): parse them and assert the
// properties the pipeline depends on, then run the job-summary script of the pull-request workflow in a scratch repo.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}

interface Job {
  needs?: string | string[];
  environment?: string | { name: string };
  permissions?: Record<string, string>;
  steps: Step[];
}

interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress'?: boolean };
  env?: Record<string, unknown>;
  jobs: Record<string, Job>;
}

const files = {
  pullRequest: '.github/workflows/pull-request.yml',
  deploy: '.github/workflows/deploy.yml',
} as const;

const text = {
  pullRequest: readFileSync(files.pullRequest, 'utf8'),
  deploy: readFileSync(files.deploy, 'utf8'),
};

// YAML 1.1 would read a bare `on:` key as `true`; the `yaml` package (like GitHub) reads it as the string "on".
const pullRequest = parse(text.pullRequest) as Workflow;
const deploy = parse(text.deploy) as Workflow;
const workflows = [
  ['pull-request.yml', pullRequest, text.pullRequest],
  ['deploy.yml', deploy, text.deploy],
] as const;

/** A GitHub Actions expression: `${{ inner }}`. */
function expression(inner: string): string {
  return `\${{ ${inner} }}`;
}

function needs(job: Job): string[] {
  return job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];
}

function environment(job: Job): string | undefined {
  return typeof job.environment === 'string' ? job.environment : job.environment?.name;
}

/** Index of the first step whose `run` script has a line equal to `command` or starting with it and a space. */
function stepRunning(job: Job, command: string): number {
  return job.steps.findIndex((step) =>
    (step.run ?? '')
      .split('\n')
      .map((line) => line.trim())
      .some((line) => line === command || line.startsWith(`${command} `)),
  );
}

function job(workflow: Workflow, id: string): Job {
  const found = workflow.jobs[id];
  if (found === undefined) throw new Error(`no job ${id}`);
  return found;
}

function stepNamed(job: Job, name: string): Step {
  const found = job.steps.find((step) => step.name === name);
  if (found === undefined) throw new Error(`no step ${name}`);
  return found;
}

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
    const uses = Object.values(workflow.jobs).flatMap((current) =>
      current.steps.flatMap((step) => (step.uses === undefined ? [] : [step.uses])),
    );
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
    expect(workflow.env).toMatchObject({ CDK_DISABLE_CLI_TELEMETRY: 'true' });
    const cdk = Object.values(workflow.jobs).flatMap((current) =>
      current.steps.filter((step) => step.run?.includes('npx cdk ')),
    );
    expect(cdk.length).toBeGreaterThan(0);
    for (const step of cdk) expect(step.run).toContain('--no-notices');
  });
});

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
    const order = [
      'npm ci',
      'npm test',
      'npx journeys validate workflows/journeys/*',
      'npx cdk synth --no-notices',
    ].map((command) => stepRunning(check, command));
    for (const index of order) expect(index).toBeGreaterThanOrEqual(0);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  test('writes a mermaid diagram of each changed journey to the job summary', () => {
    const summary = stepNamed(check, 'Diagrams of changed journeys');
    expect(summary.env).toEqual({ BASE_REF: expression('github.base_ref') });
    const script = summary.run ?? '';
    expect(script).toContain('git diff --name-only');
    expect(script).toContain(`"origin/\${BASE_REF}...HEAD"`);
    expect(script).toContain("-- 'workflows/journeys/*.journey.yaml'");
    expect(script).toContain('```mermaid');
    expect(script).toContain('npx journeys diagram "$file"');
    expect(script).toContain('>> "$GITHUB_STEP_SUMMARY"');
    // Pull-request data reaches the shell through env and quoted variables, never through ${{ }} in the script.
    expect(script).not.toContain(`\${{`);
  });

  test('the summary script diagrams added and changed journeys, and skips deleted and other files', () => {
    const script = stepNamed(check, 'Diagrams of changed journeys').run ?? '';
    const root = mkdtempSync(join(tmpdir(), 'journeys-pr-summary-'));
    try {
      const repo = join(root, 'repo');
      const bin = join(root, 'bin');
      mkdirSync(join(repo, 'workflows', 'journeys'), { recursive: true });
      mkdirSync(bin);
      // A stand-in for `npx journeys diagram <file>`: one mermaid line naming the file.
      writeFileSync(join(bin, 'npx'), '#!/bin/sh\necho "flowchart TD %% $1 $2 $3"\n');
      chmodSync(join(bin, 'npx'), 0o755);
      const env = {
        ...process.env,
        PATH: `${bin}${delimiter}${process.env.PATH ?? ''}`,
        GIT_AUTHOR_NAME: 'test',
        GIT_AUTHOR_EMAIL: 'test@example.com',
        GIT_COMMITTER_NAME: 'test',
        GIT_COMMITTER_EMAIL: 'test@example.com',
      };
      const git = (...args: string[]) =>
        execFileSync('git', ['-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], {
          cwd: repo,
          env,
          stdio: 'pipe',
        });
      const write = (path: string, content: string) => writeFileSync(join(repo, path), content);

      git('init', '--quiet');
      write('workflows/journeys/kept.journey.yaml', 'id: kept\n');
      write('workflows/journeys/changed.journey.yaml', 'id: changed\n');
      write('workflows/journeys/deleted.journey.yaml', 'id: deleted\n');
      git('add', '.');
      git('commit', '--quiet', '-m', 'base');
      git('update-ref', 'refs/remotes/origin/main', 'HEAD');
      git('checkout', '--quiet', '-b', 'feature');
      write('workflows/journeys/changed.journey.yaml', 'id: changed\nversion: 2\n');
      write('workflows/journeys/added.journey.yaml', 'id: added\n');
      write('workflows/journeys/notes.md', 'not a journey\n');
      write('README.md', 'readme\n');
      rmSync(join(repo, 'workflows/journeys/deleted.journey.yaml'));
      git('add', '--all');
      git('commit', '--quiet', '-m', 'change');

      const run = (summaryFile: string) =>
        execFileSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
          cwd: repo,
          env: { ...env, BASE_REF: 'main', GITHUB_STEP_SUMMARY: summaryFile },
          stdio: 'pipe',
        });

      const summaryFile = join(root, 'summary.md');
      run(summaryFile);
      const summary = readFileSync(summaryFile, 'utf8');
      expect(summary).toBe(
        [
          '## Changed journeys',
          '',
          '### `workflows/journeys/added.journey.yaml`',
          '',
          '```mermaid',
          'flowchart TD %% journeys diagram workflows/journeys/added.journey.yaml',
          '```',
          '',
          '### `workflows/journeys/changed.journey.yaml`',
          '',
          '```mermaid',
          'flowchart TD %% journeys diagram workflows/journeys/changed.journey.yaml',
          '```',
          '',
        ].join('\n'),
      );

      // A pull request that changes no journey says so and succeeds.
      git('checkout', '--quiet', '-b', 'no-journeys', 'origin/main');
      write('README.md', 'only docs\n');
      git('add', '--all');
      git('commit', '--quiet', '-m', 'docs');
      const emptyFile = join(root, 'empty.md');
      run(emptyFile);
      expect(readFileSync(emptyFile, 'utf8')).toBe('No journey changed in this pull request.\n');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

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
    const testJob = job(deploy, 'test');
    const install = stepRunning(testJob, 'npm ci');
    const tests = stepRunning(testJob, 'npm test');
    const synth = stepRunning(testJob, 'npx cdk synth');
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
    const deployJob = job(deploy, stage);
    expect(environment(deployJob)).toBe(stage);
    expect(deployJob.permissions).toEqual({ 'id-token': 'write', contents: 'read' });

    const credentials = deployJob.steps.findIndex((step) =>
      step.uses?.startsWith('aws-actions/configure-aws-credentials@'),
    );
    expect(credentials).toBeGreaterThanOrEqual(0);
    expect(deployJob.steps[credentials]?.with).toEqual({
      'role-to-assume': expression('vars.AWS_DEPLOY_ROLE_ARN'),
      'aws-region': expression('vars.AWS_REGION'),
    });

    const deployStep = stepRunning(deployJob, command);
    expect(deployStep).toBeGreaterThan(credentials);
    expect(deployStep).toBeGreaterThan(stepRunning(deployJob, 'npm ci'));
    // Each job deploys its own stack only.
    const deploys = deployJob.steps.filter((step) => step.run?.includes('cdk deploy'));
    expect(deploys.map((step) => step.run?.trim())).toEqual([command]);
  });
});
