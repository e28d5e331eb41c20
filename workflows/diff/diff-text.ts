import type { JourneyDiff, LinkChange, SettingChange, SettingReach, StepChange } from './journey-diff.ts';

const REACH: Record<SettingReach, string> = {
  everyone: 'for the customers of every version at once (read as each message is sent)',
  'new-entrants': 'for new entrants',
  labels: 'a label, for reports and diagrams',
};

/** A journey diff as readable lines, which also read as Markdown (a pull request's summary). */
export function diffText(diff: JourneyDiff): string {
  const { old, new: next } = diff.versions;
  const lines = [`${diff.journeyId}: version ${old} → version ${next}`];
  if (diff.unchanged) return `${lines[0]}\nNo change: a deploy publishes no new version.\n`;
  if (diff.steps.length === 0 && diff.settings.length === 0) lines.push('Only `version` changed.');
  if (diff.steps.length > 0) lines.push('', 'Steps', ...diff.steps.map((change) => `- ${stepLine(change)}`));

  const removed = diff.steps.filter((change) => change.change === 'removed').map((change) => change.step);
  const entrants = [`new entrants start on version ${next}`];
  if (removed.length > 0) entrants.push(`without ${list(removed)}`);
  if (diff.newOnly.length > 0) entrants.push(`with ${list(diff.newOnly)}`);
  lines.push('', 'Customers', `- ${entrants.join(', ')}`);
  for (const waiting of diff.waiting) {
    const fates: string[] = [];
    if (waiting.removedAhead.length > 0)
      fates.push(`still get ${list(waiting.removedAhead)}, which version ${next} removes`);
    if (waiting.changedAhead.length > 0)
      fates.push(
        `go through ${list(waiting.changedAhead)} as version ${old} has ${waiting.changedAhead.length > 1 ? 'them' : 'it'}`,
      );
    const fate = fates.length > 0 ? `, so they ${fates.join(', and ')}` : '; nothing ahead of them changes';
    lines.push(`- waiting at \`${waiting.at}\`: they finish on version ${old}${fate}`);
  }

  if (diff.settings.length > 0) {
    lines.push('', 'Journey settings');
    for (const change of diff.settings) lines.push(`- ${settingText(change)}: ${REACH[change.reach]}`);
  }
  if (diff.warnings.length > 0) lines.push('', 'Warnings', ...diff.warnings.map((warning) => `- ${warning}`));
  return `${lines.join('\n')}\n`;
}

function stepLine(change: StepChange): string {
  const name = `\`${change.step}\` (${change.kind})`;
  if (change.change !== 'changed') return `${name}: ${change.change}`;
  const parts: string[] = [];
  if (change.kindWas) parts.push(`was a ${change.kindWas} step`);
  if (change.links.length > 0) parts.push(`re-linked: ${change.links.map(linkText).join('; ')}`);
  parts.push(...change.settings.map(settingText));
  return `${name}: ${parts.join('; ')}`;
}

function linkText(link: LinkChange): string {
  const label = linkLabel(link.label);
  const target = (id: string | undefined) =>
    id === undefined ? '(none)' : id === '$end' ? 'the end' : `\`${id}\``;
  return `${label} ${target(link.from)} → ${target(link.to)}`;
}

/** The edge labels of journey-graph.ts, as an author writes them. */
function linkLabel(label: string): string {
  if (label === 'event') return 'on event';
  if (label === 'timeout') return 'on timeout';
  if (label === 'next' || label === 'default') return label;
  const caseNumber = /^case-(\d+)$/.exec(label)?.[1];
  return caseNumber === undefined ? `variant ${label}` : `case ${Number(caseNumber) + 1}`;
}

function settingText(change: SettingChange): string {
  const name = `\`${change.setting}\``;
  if (change.from === undefined) return `${name} set${scalar(change.to) ? ` to ${String(change.to)}` : ''}`;
  if (change.to === undefined) return `${name} removed`;
  if (scalar(change.from) && scalar(change.to))
    return `${name} ${String(change.from)} → ${String(change.to)}`;
  return `${name} changed`;
}

/** A value short enough to show inline; a longer text or an object is only said to have changed. */
function scalar(value: unknown): boolean {
  if (typeof value === 'string') return value.length <= 40 && !value.includes('\n');
  return typeof value === 'number' || typeof value === 'boolean';
}

function list(ids: readonly string[]): string {
  const quoted = ids.map((id) => `\`${id}\``);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}
