import { convert } from 'html-to-text';
import { LiquidError } from 'liquidjs';
import mjml2html from 'mjml';
import { assertUnreachable } from '../language/journey-graph.ts';
import type { EmailTemplate, Template } from '../schema/template.ts';
import { liquidCensus } from './analyze.ts';
import { attributesRead, checkTemplate, type FieldIssue } from './check-template.ts';
import type { CompiledTemplate } from './compiled-template.ts';
import { type Flavour, parseLiquid } from './liquid.ts';

export interface TemplateCompilation {
  /** Present when no field has an error (warnings do not stop it). */
  readonly compiled?: CompiledTemplate;
  readonly issues: readonly FieldIssue[];
}

/** How the text part is read off the HTML: Liquid in it must come through untouched. */
const TEXT_OPTIONS = {
  // A wrapped line could split a Liquid expression.
  wordwrap: false as const,
  selectors: [
    { selector: 'img', format: 'skip' },
    // MJML writes each text block as a div: a blank line between them reads as paragraphs.
    { selector: 'div', format: 'block', options: { leadingLineBreaks: 2, trailingLineBreaks: 2 } },
    // Upper-casing would change the Liquid inside a heading.
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
  ],
};

/** Checks a template and compiles it: MJML to HTML once, and the text part read off that HTML. */
export async function compileTemplate(template: Template): Promise<TemplateCompilation> {
  const checked = checkTemplate(template);
  const built = await buildTemplate(template);
  const issues = [...checked, ...built.issues];
  return issues.some((issue) => issue.severity === 'error')
    ? { issues }
    : { compiled: built.compiled, issues };
}

/**
 * The compile stage alone, for a template whose Liquid checkTemplate has checked: its issues are
 * the MJML compiler's, and the template is compiled unless they include an error.
 */
export async function buildTemplate(template: Template): Promise<TemplateCompilation> {
  const issues: FieldIssue[] = [];
  const base = { id: template.id, channel: template.channel, attributes: attributesRead(template) };
  switch (template.channel) {
    case 'email': {
      const parts = await emailParts(template, issues);
      return parts ? { compiled: { ...base, subject: template.subject, ...parts }, issues } : { issues };
    }
    case 'push':
    case 'in_app':
      return {
        compiled: {
          ...base,
          ...(template.subject ? { subject: template.subject } : {}),
          text: template.body,
        },
        issues,
      };
    case 'sms':
      return { compiled: { ...base, text: template.body }, issues };
    case 'webhook':
      return { compiled: { ...base, url: template.url, text: template.body }, issues };
    default:
      return assertUnreachable(template);
  }
}

async function emailParts(
  template: EmailTemplate,
  issues: FieldIssue[],
): Promise<{ html: string; text: string } | undefined> {
  let result: Awaited<ReturnType<typeof mjml2html>>;
  try {
    result = await mjml2html(template.mjml, {
      validationLevel: 'soft',
      ignoreIncludes: true,
      keepComments: false,
    });
  } catch (error) {
    issues.push(mjmlIssue(`MJML: ${(error as Error).message}`));
    return undefined;
  }
  for (const error of result.errors)
    issues.push(mjmlIssue(`MJML: ${error.message}`, tagPosition(template.mjml, error.line, error.tagName)));
  if (result.errors.length > 0) return undefined;
  const text = template.text ?? convert(result.html, TEXT_OPTIONS);
  // A body whose own Liquid is wrong is reported as such; its HTML would only say it again.
  if (checkTemplate(template).some((issue) => issue.field === 'mjml' && issue.severity === 'error'))
    return undefined;
  const problem =
    keptLiquid(template.mjml, result.html) ??
    (template.text === undefined ? parseProblem(text, 'text', 'the text part read off the HTML') : undefined);
  if (problem) {
    issues.push({ field: 'mjml', code: 'template.mjml_liquid', message: problem, severity: 'error' });
    return undefined;
  }
  return { html: result.html, text };
}

function mjmlIssue(message: string, at?: { line: number; column: number }): FieldIssue {
  return { field: 'mjml', code: 'template.mjml', message, ...at, severity: 'error' };
}

/** Where MJML's complaint lies: the tag it names on its line, else the line's first character. */
function tagPosition(source: string, line: number, tagName: string): { line: number; column: number } {
  const text = source.split('\n')[line - 1] ?? '';
  const at = text.indexOf(`<${tagName}`);
  return { line, column: (at === -1 ? text.length - text.trimStart().length : at) + 1 };
}

const WHERE_LIQUID_GOES = 'keep Liquid inside mj-text, mj-button and attribute values';

/**
 * Why the HTML does not carry the body's Liquid, if it does not: MJML drops text between its
 * sections without a word, and a condition lost there would show its block to every customer.
 */
function keptLiquid(mjml: string, html: string): string | undefined {
  const broken = parseProblem(html, 'html', 'the HTML that MJML made of the body');
  if (broken) return broken;
  const before = liquidCensus(parseLiquid(mjml, 'html'));
  const after = liquidCensus(parseLiquid(html, 'html'));
  const lost = [...before].filter(([kind, count]) => (after.get(kind) ?? 0) < count).map(([kind]) => kind);
  if (lost.length === 0) return undefined;
  const named = lost.map((kind) => (kind === 'output' ? '{{ }} outputs' : kind)).join(', ');
  return `MJML left out Liquid of the body (${named}): it drops what stands between its elements; ${WHERE_LIQUID_GOES}`;
}

/** Why a compiled part does not parse as Liquid, if it does not. */
function parseProblem(source: string, flavour: Flavour, what: string): string | undefined {
  try {
    parseLiquid(source, flavour);
    return undefined;
  } catch (error) {
    if (!(error instanceof LiquidError)) throw error;
    return `${what} is not valid Liquid (${error.message.split('\n')[0]}); ${WHERE_LIQUID_GOES}`;
  }
}
