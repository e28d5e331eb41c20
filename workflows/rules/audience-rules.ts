import type { Condition, Journey } from '../schema/index.ts';
import type { DocumentPath, Violation } from './violation.ts';

/** An audience is taken before anyone enters, so "since entry" has nothing to count from. */
export function audienceViolations(journey: Journey): Violation[] {
  if (journey.trigger.kind !== 'schedule' || !journey.trigger.audience.segment) return [];
  return sinceEntryConditions(journey.trigger.audience.segment, ['trigger', 'audience', 'segment']).map(
    (path) => ({
      code: 'audience.since_entry',
      path: [...path, 'since'],
      message:
        'an audience is chosen before customers enter, so "since: entry" has nothing to count from; use "within: <duration>"',
    }),
  );
}

function sinceEntryConditions(condition: Condition, path: DocumentPath): DocumentPath[] {
  if ('and' in condition)
    return condition.and.flatMap((part, index) => sinceEntryConditions(part, [...path, 'and', index]));
  if ('or' in condition)
    return condition.or.flatMap((part, index) => sinceEntryConditions(part, [...path, 'or', index]));
  if ('not' in condition) return sinceEntryConditions(condition.not, [...path, 'not']);
  if ('event' in condition && condition.since === 'entry') return [path];
  return [];
}
