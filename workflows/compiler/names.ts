/**
 * State names. Step ids are kebab-case, so names with a dot or a capital cannot collide with them.
 */
export const STATE = {
  route: 'Journey.Route',
  snapshot: 'Journey.Snapshot',
  describeCohort: 'Journey.DescribeCohort',
  anyoneToEnter: 'Journey.AnyoneToEnter',
  enter: 'Journey.Enter',
  complete: 'Journey.Complete',
  done: 'Journey.Done',
  recordFailure: 'Journey.RecordFailure',
  failed: 'Journey.Failed',
} as const;

export const sub = (stepId: string, part: string): string => `${stepId}.${part}`;
