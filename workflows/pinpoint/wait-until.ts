import type { ActivityNode } from './activity-graph.ts';
import { type StepContext, subjectOf } from './step-context.ts';

/**
 * A WaitUntil as the language writes it. The API reference asks only for "ISO 8601", which allows
 * a date-time without an offset; Pinpoint keeps its moments in UTC, so such a one is read as UTC,
 * and written with its "Z" so that no journey time zone reinterprets it.
 */
export function waitUntil(text: string, node: ActivityNode, stepId: string, context: StepContext): string {
  // The language keeps milliseconds at most; Pinpoint's ".000" says nothing.
  const trimmed = text.replace(/(\.\d{3})\d+/, '$1').replace(/\.0+(?=Z$|[+-]\d{2}:\d{2}$|$)/, '');
  if (/(?:Z|[+-]\d{2}:\d{2})$/.test(trimmed)) return trimmed;
  context.decide({
    subject: subjectOf(node),
    outcome: 'approximated',
    detail: `WaitUntil "${text}" has no offset: read as UTC, ${trimmed}Z; check it`,
    stepId,
  });
  return `${trimmed}Z`;
}
