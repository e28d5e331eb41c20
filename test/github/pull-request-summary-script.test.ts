// Runs the job-summary script of the pull-request workflow in a scratch repo.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { job, pullRequest, stepNamed } from '../support/github/workflows.ts';

describe('pull-request.yml', () => {
  const check = job(pullRequest, 'check');

  test('the summary script diagrams added and changed journeys, diffs the changed ones against the base, and skips deleted and other files', () => {
    // Prepare: a scratch repo whose feature branch adds, changes and deletes journeys and other files.
    const script = stepNamed(check, 'Diagrams and diffs of changed journeys').run ?? '';
    const root = mkdtempSync(join(tmpdir(), 'journeys-pr-summary-'));
    try {
      const repo = join(root, 'repo');
      const bin = join(root, 'bin');
      mkdirSync(join(repo, 'workflows', 'journeys'), { recursive: true });
      mkdirSync(bin);
      // A stand-in for `npx journeys diagram <file>` and `npx journeys diff <old> <new>`: one line naming the files.
      writeFileSync(
        join(bin, 'npx'),
        '#!/bin/sh\nif [ "$2" = diff ]; then echo "diff of $3 and $4"; else echo "flowchart TD %% $1 $2 $3"; fi\n',
      );
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

      const base = git('rev-parse', 'origin/main').toString().trim();

      // Act: the summary of the feature branch, then that of a branch that changes no journey.
      const summaryFile = join(root, 'summary.md');
      run(summaryFile);
      git('checkout', '--quiet', '-b', 'no-journeys', 'origin/main');
      write('README.md', 'only docs\n');
      git('add', '--all');
      git('commit', '--quiet', '-m', 'docs');
      const emptyFile = join(root, 'empty.md');
      run(emptyFile);

      // Assess
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
          'A new journey: nobody is in it yet.',
          '',
          '### `workflows/journeys/changed.journey.yaml`',
          '',
          '```mermaid',
          'flowchart TD %% journeys diagram workflows/journeys/changed.journey.yaml',
          '```',
          '',
          `diff of ${base}:workflows/journeys/changed.journey.yaml and workflows/journeys/changed.journey.yaml`,
          '',
        ].join('\n'),
      );
      // A pull request that changes no journey says so and succeeds.
      expect(readFileSync(emptyFile, 'utf8')).toBe('No journey changed in this pull request.\n');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
