/** What became of one part of a Pinpoint journey. */
export type Outcome = 'mapped' | 'approximated' | 'lost';

export interface Decision {
  /** The part: "activity Email1 (EMAIL)", "Limits.DailyCap", "Schedule.Timezone". */
  readonly subject: string;
  readonly outcome: Outcome;
  /** What it became, or why not, and what a person should check. */
  readonly detail: string;
  /** The step it became: a loss's TODO goes above it. */
  readonly stepId?: string;
  /** Else the journey field it is about: a loss's TODO goes above that field. */
  readonly field?: string;
}

/** Every decision of one journey's import. */
export interface ImportReport {
  readonly source: string;
  readonly journeyId: string;
  readonly decisions: readonly Decision[];
}

export const losses = (report: ImportReport): Decision[] =>
  report.decisions.filter((decision) => decision.outcome === 'lost');

function tally(report: ImportReport): string {
  const count = (outcome: Outcome) =>
    report.decisions.filter((decision) => decision.outcome === outcome).length;
  return `${report.decisions.length} decisions: ${count('mapped')} mapped, ${count('approximated')} approximated, ${count('lost')} lost`;
}

/** The report as the command prints it: one line per decision. */
export function formatReport(report: ImportReport): string {
  const width = Math.max(...report.decisions.map((decision) => decision.outcome.length), 6);
  return [
    `${report.source} → journey ${report.journeyId}`,
    `  ${tally(report)}`,
    ...report.decisions.map(
      (decision) => `  ${decision.outcome.padEnd(width)}  ${decision.subject}: ${decision.detail}`,
    ),
  ].join('\n');
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The report as the Markdown file written beside the journey. */
export function reportMarkdown(report: ImportReport): string {
  return [
    `# Import of ${report.source}`,
    '',
    `Journey \`${report.journeyId}\`: ${tally(report)}. Each loss is a \`# TODO(import):\` comment in the journey file, where a person must decide.`,
    '',
    '| outcome | Pinpoint | what it became, or why not |',
    '|---|---|---|',
    ...report.decisions.map(
      (decision) => `| ${decision.outcome} | ${cell(decision.subject)} | ${cell(decision.detail)} |`,
    ),
    '',
  ].join('\n');
}
