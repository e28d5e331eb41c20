import { existsSync, readdirSync, statSync } from 'node:fs';
import { UsageError } from './options.ts';

const isFile = (path: string) => existsSync(path) && statSync(path).isFile();
const isFolder = (path: string) => existsSync(path) && statSync(path).isDirectory();

export interface PinpointPaths {
  readonly files: readonly string[];
  readonly segments?: string;
  readonly templates?: string;
  readonly out: string;
}

/**
 * The paths `journeys import pinpoint` is given, checked before anything is read: every problem
 * at once, each naming the argument and what it expects.
 */
export function checkPinpointPaths(paths: PinpointPaths): void {
  const problems: string[] = [];
  for (const file of paths.files)
    if (!isFile(file))
      problems.push(
        `${file}: ${existsSync(file) ? 'is a folder' : 'does not exist'}; expected a Pinpoint journey JSON file (aws pinpoint get-journey's output)`,
      );
  const repeated = paths.files.filter((file, index) => paths.files.indexOf(file) !== index);
  for (const file of new Set(repeated))
    problems.push(`${file}: given twice; expected each journey file once`);
  if (paths.segments !== undefined && !isFile(paths.segments))
    problems.push(
      `--segments ${paths.segments}: ${existsSync(paths.segments) ? 'is a folder' : 'does not exist'}; expected one JSON file of get-segment's output, a list of them, or get-segments'`,
    );
  if (paths.templates !== undefined) {
    if (!isFolder(paths.templates))
      problems.push(
        `--templates ${paths.templates}: ${existsSync(paths.templates) ? 'is a file' : 'does not exist'}; expected a folder of get-email-template, get-sms-template and get-push-template outputs (.json)`,
      );
    else if (!readdirSync(paths.templates).some((name) => name.endsWith('.json')))
      problems.push(
        `--templates ${paths.templates}: holds no .json file; expected the outputs of get-email-template, get-sms-template and get-push-template`,
      );
  }
  if (existsSync(paths.out) && !isFolder(paths.out))
    problems.push(
      `--out ${paths.out}: is a file; expected the workspace folder to write journeys/ and templates/ into`,
    );
  if (problems.length > 0) throw new UsageError(problems.join('\nerror: '));
}
