// The GitHub Actions workflows, parsed for tests that check them without actionlint (not installable here).
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}

export interface Job {
  needs?: string | string[];
  environment?: string | { name: string };
  permissions?: Record<string, string>;
  steps: Step[];
}

export interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; 'cancel-in-progress'?: boolean };
  env?: Record<string, unknown>;
  jobs: Record<string, Job>;
}

const WORKFLOWS = new URL('../../../.github/workflows/', import.meta.url);

export const text = {
  pullRequest: readFileSync(new URL('pull-request.yml', WORKFLOWS), 'utf8'),
  deploy: readFileSync(new URL('deploy.yml', WORKFLOWS), 'utf8'),
};

// YAML 1.1 would read a bare `on:` key as `true`; the `yaml` package (like GitHub) reads it as the string "on".
export const pullRequest = parse(text.pullRequest) as Workflow;
export const deploy = parse(text.deploy) as Workflow;
export const workflows = [
  ['pull-request.yml', pullRequest, text.pullRequest],
  ['deploy.yml', deploy, text.deploy],
] as const;

/** A GitHub Actions expression: `${{ inner }}`. */
export function expression(inner: string): string {
  return `\${{ ${inner} }}`;
}

export function needs(job: Job): string[] {
  return job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];
}

export function environment(job: Job): string | undefined {
  return typeof job.environment === 'string' ? job.environment : job.environment?.name;
}

/** Index of the first step whose `run` script has a line equal to `command` or starting with it and a space. */
export function stepRunning(job: Job, command: string): number {
  return job.steps.findIndex((step) =>
    (step.run ?? '')
      .split('\n')
      .map((line) => line.trim())
      .some((line) => line === command || line.startsWith(`${command} `)),
  );
}

export function job(workflow: Workflow, id: string): Job {
  const found = workflow.jobs[id];
  if (found === undefined) throw new Error(`no job ${id}`);
  return found;
}

export function stepNamed(job: Job, name: string): Step {
  const found = job.steps.find((step) => step.name === name);
  if (found === undefined) throw new Error(`no step ${name}`);
  return found;
}
