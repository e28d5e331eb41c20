import type { FinalState } from './final-state.ts';

/** Which invariant a kind of record stands for, in the report. */
const INVARIANTS: Record<string, string> = {
  message: 'the same messages, each delivered once',
  execution: 'every execution ends as in the clean run',
  outbox: 'the same messages, each delivered once',
  'state:grant': 'the same gifts, each granted once',
  funnel: 'the same funnel, to the number',
  'state:customer': 'nobody enrolled twice; the same sends and run memberships',
  'state:entry': 'nobody enrolled twice',
  'state:cohort': 'no customer lost from a cohort',
  customers: 'the same profiles: order count, spend, marks, event ids',
};

/** A kind of record whose lines differ from the clean run's. */
export interface Difference {
  readonly kind: string;
  readonly invariant: string;
  /** Lines of the clean run that this run lacks, and lines it has that the clean run lacks (a few of each). */
  readonly missing: string[];
  readonly extra: string[];
}

/** Every kind of record whose lines differ between the two runs' final states. */
export function differences(clean: FinalState, run: FinalState): Difference[] {
  const kinds = [...new Set([...Object.keys(clean), ...Object.keys(run)])].sort();
  return kinds.flatMap((kind) => {
    const before = new Set(clean[kind] ?? []);
    const after = new Set(run[kind] ?? []);
    const missing = [...before].filter((line) => !after.has(line));
    const extra = [...after].filter((line) => !before.has(line));
    if (missing.length === 0 && extra.length === 0) return [];
    return [
      {
        kind,
        invariant: INVARIANTS[kind] ?? 'the same records',
        missing: missing.slice(0, 3).map(clip),
        extra: extra.slice(0, 3).map(clip),
      },
    ];
  });
}

/** A record's line, shortened for the report (rendered messages are long). */
function clip(line: string): string {
  return line.length > 400 ? `${line.slice(0, 400)}…` : line;
}
