import { detailLines, momentText, triggerText } from '../diagram/diagram-graph.ts';
import { describeCondition } from '../language/describe-condition.ts';
import { END, stepEdges } from '../language/journey-graph.ts';
import { resolveMoment } from '../language/moment.ts';
import type { Journey } from '../schema/index.ts';
import { settingsText } from './settings-text.ts';

/** A journey as readable text: who enters, when, and each step with where it leads. */
export function journeyOutline(journey: Journey): string {
  const lines = [
    `${journey.id} v${journey.version}: ${journey.name}`,
    `  ${journey.description.trim().replace(/\s+/g, ' ')}`,
  ];
  lines.push(`  Trigger   ${triggerText(journey)}${scheduledAt(journey)}`);
  if (journey.trigger.kind === 'schedule') {
    const { segment, from_run: fromRun } = journey.trigger.audience;
    const parts = [
      fromRun
        ? `reached by ${fromRun.journey} (run ${fromRun.run})${fromRun.without_event ? ` without ${fromRun.without_event} since` : ''}`
        : undefined,
      segment ? describeCondition(segment) : undefined,
    ].filter(Boolean);
    lines.push(`  Audience  ${parts.join(', and ')}`);
  }
  const reentry =
    journey.entry.reentry === 'never' ? 'once per customer' : `again after ${journey.entry.reentry.after}`;
  const goal = journey.goal ? `${journey.goal.event} within ${journey.goal.within}` : 'none';
  lines.push(`  Entry     ${reentry} · goal: ${goal} · holdout: ${journey.holdout}%`);
  const settings = settingsText(journey);
  if (settings) lines.push(`  Limits    ${settings}`);
  lines.push('  Steps');
  journey.steps.forEach((step, index) => {
    const details = detailLines(step).filter((line) => line !== step.label);
    lines.push(
      `    ${index + 1}. ${step.id} [${step.kind}]${step.label ? ` ${step.label}` : ''}${details.length ? ` · ${details.join(' · ')}` : ''}`,
    );
    if (step.kind === 'branch') {
      for (const branchCase of step.cases)
        lines.push(`         if ${describeCondition(branchCase.when)} → ${branchCase.next}`);
      lines.push(`         otherwise → ${step.default}`);
      return;
    }
    for (const edge of stepEdges(journey, index)) {
      const target = edge.to === END ? 'end' : edge.to;
      const label = edge.label === 'next' ? '' : `${edge.label}: `;
      lines.push(`         ${label}→ ${target}`);
    }
  });
  return lines.join('\n');
}

function scheduledAt(journey: Journey): string {
  if (
    journey.trigger.kind !== 'schedule' ||
    journey.trigger.at === undefined ||
    typeof journey.trigger.at === 'string'
  )
    return '';
  const resolved = resolveMoment(journey.trigger.at, journey.campaign, journey.trigger.timezone);
  return resolved.ok
    ? ` = ${resolved.at.toISO({ suppressMilliseconds: true })}`
    : ` (${momentText(journey.trigger.at)})`;
}
