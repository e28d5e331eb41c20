import { Document, isMap, isScalar, isSeq, type Pair } from 'yaml';
import type { Template } from '../schema/index.ts';
import type { ImportedJourney } from './import-journey.ts';
import { type Decision, losses } from './import-report.ts';

const TODO = ' TODO(import): ';

/** Folds a long TODO over comment lines of about 100 characters. */
function todoLines(text: string): string {
  const words = text.split(' ');
  const lines: string[] = [];
  let line = TODO.trimEnd();
  for (const word of words) {
    if (line.length + word.length > 100) {
      lines.push(line);
      line = '   ';
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines.join('\n');
}

function addComment(node: { commentBefore?: string | null } | undefined | null, text: string): boolean {
  if (!node) return false;
  node.commentBefore = node.commentBefore ? `${node.commentBefore}\n${text}` : text;
  return true;
}

/** The node a loss is about: its step in the list, else the journey field, else none (the file's top). */
function placeLoss(document: Document, loss: Decision, text: string): boolean {
  const root = document.contents;
  if (!isMap(root)) return false;
  if (loss.stepId !== undefined) {
    const steps = root.get('steps', true);
    if (isSeq(steps)) {
      const item = steps.items.find((step) => isMap(step) && step.get('id') === loss.stepId);
      if (item && addComment(item as { commentBefore?: string | null }, text)) return true;
    }
  }
  const field = loss.field ?? (loss.stepId !== undefined ? 'steps' : undefined);
  if (field === undefined) return false;
  const pair = root.items.find((candidate: Pair) => isScalar(candidate.key) && candidate.key.value === field);
  return pair ? addComment(pair.key as { commentBefore?: string | null }, text) : false;
}

/**
 * The journey file: the schema line editors read, where it came from, and every loss as a
 * `# TODO(import):` comment above the step or field a person must decide about.
 */
export function journeyYaml(imported: ImportedJourney, schemaPath: string, reportFile: string): string {
  const document = new Document(imported.journey, { aliasDuplicateObjects: false });
  const header = [
    ` yaml-language-server: $schema=${schemaPath}`,
    ` Imported from Amazon Pinpoint by \`journeys import pinpoint\`: every decision is in ${reportFile}.`,
  ];
  for (const loss of losses(imported.report)) {
    const text = todoLines(`${loss.subject}: ${loss.detail}`);
    if (!placeLoss(document, loss, text)) header.push(text);
  }
  document.commentBefore = header.join('\n');
  return document.toString({ lineWidth: 0, blockQuote: 'literal' });
}

/** A template file, with its schema line and what a person must still write. */
export function templateYaml(template: Template, todos: readonly string[], schemaPath: string): string {
  const document = new Document(template, { aliasDuplicateObjects: false });
  document.commentBefore = [
    ` yaml-language-server: $schema=${schemaPath}`,
    ' Imported from Amazon Pinpoint by `journeys import pinpoint`.',
    ...todos.map(todoLines),
  ].join('\n');
  return document.toString({ lineWidth: 0, blockQuote: 'literal' });
}
