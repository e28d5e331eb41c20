import { analyzeSync, LiquidError, Output, Tag, type Template, type Variable } from 'liquidjs';
import { MESSAGE_FILTERS } from './filters.ts';
import { type Flavour, parseLiquid } from './liquid.ts';
import { ATTRIBUTE_PREFIX, resolveVariable, type TemplateVariable } from './variables.ts';

/** A problem at a 1-based line and column of one Liquid source. */
export interface LiquidIssue {
  readonly code: string;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly severity: 'error' | 'warning';
}

/** A known variable as a source uses it. */
export interface VariableUse {
  readonly name: string;
  readonly variable: TemplateVariable;
}

export interface LiquidAnalysis {
  readonly issues: readonly LiquidIssue[];
  /** The known variables the source names, each once. */
  readonly uses: readonly VariableUse[];
  /** Whether `money` is given no currency anywhere, so it takes the offer's. */
  readonly moneyFromOffer: boolean;
}

const cache: Record<Flavour, Map<string, LiquidAnalysis>> = { text: new Map(), html: new Map() };

/** Parses a source and checks every variable and filter it names (cached: rules ask per send step). */
export function analyzeLiquid(source: string, flavour: Flavour): LiquidAnalysis {
  const cached = cache[flavour].get(source);
  if (cached) return cached;
  const analysis = analyze(source, flavour);
  cache[flavour].set(source, analysis);
  return analysis;
}

function analyze(source: string, flavour: Flavour): LiquidAnalysis {
  let templates: Template[];
  try {
    templates = parseLiquid(source, flavour);
  } catch (error) {
    if (!(error instanceof LiquidError)) throw error;
    return { issues: [syntaxIssue(error, source)], uses: [], moneyFromOffer: false };
  }
  const issues: LiquidIssue[] = [];
  const uses = new Map<string, VariableUse>();
  for (const variable of globalsOf(templates)) {
    const resolved = resolveVariable(variable.toArray());
    if (!resolved.known)
      issues.push(issueAt(variable, 'template.unknown_variable', resolved.problem, 'error'));
    else uses.set(resolved.name, { name: resolved.name, variable: resolved.variable });
  }
  let moneyFromOffer = false;
  for (const { output, guarded } of outputsOf(templates)) {
    const filters = output.value.filters;
    if (filters.some((filter) => filter.name === 'money' && filter.args.length === 0)) moneyFromOffer = true;
    if (filters.some((filter) => filter.name === 'default')) continue;
    for (const variable of globalsOf([output])) {
      const resolved = resolveVariable(variable.toArray());
      if (resolved.known && resolved.variable.optional && !guarded.has(resolved.name))
        issues.push(
          issueAt(variable, 'template.optional_without_default', missingMessage(resolved.name), 'warning'),
        );
    }
  }
  return { issues: sortIssues(issues), uses: [...uses.values()], moneyFromOffer };
}

function missingMessage(name: string): string {
  const what = name.startsWith(ATTRIBUTE_PREFIX) ? 'an attribute' : 'a field';
  return `${name} is ${what} a profile may not have, and would show as nothing; write {{ ${name} | default: "…" }}`;
}

function globalsOf(templates: Template[]): Variable[] {
  return Object.values(analyzeSync(templates, { partials: false }).globals).flat();
}

/** Tags whose condition guards their blocks: an output there shows a value the condition tested. */
const GUARDS = new Set(['if', 'unless', 'case']);

/** Every output, however deep in blocks, with the known variables its enclosing conditions test. */
function* outputsOf(
  templates: readonly Template[],
  guarded: ReadonlySet<string> = new Set(),
): Generator<{ output: Output; guarded: ReadonlySet<string> }> {
  for (const template of templates) {
    if (template instanceof Output) yield { output: template, guarded };
    else if (template.children) {
      const inner =
        template instanceof Tag && GUARDS.has(template.name)
          ? new Set([...guarded, ...conditionNames(template)])
          : guarded;
      yield* outputsOf(finish(template.children(false, true)), inner);
    }
  }
}

/** The known variables a tag's own arguments name, without those of its blocks. */
function conditionNames(tag: Tag): string[] {
  const args = (tag as Template).arguments?.bind(tag);
  if (!args) return [];
  const conditions: Template = { token: tag.token, render: () => undefined, arguments: args };
  return globalsOf([conditions]).flatMap((variable) => {
    const resolved = resolveVariable(variable.toArray());
    return resolved.known ? [resolved.name] : [];
  });
}

/** How many outputs and tags of each name a source holds, however deep: what MJML must keep. */
export function liquidCensus(templates: readonly Template[]): Map<string, number> {
  const census = new Map<string, number>();
  const visit = (nodes: readonly Template[]) => {
    for (const node of nodes) {
      const kind = node instanceof Output ? 'output' : node instanceof Tag ? `{% ${node.name} %}` : undefined;
      if (kind) census.set(kind, (census.get(kind) ?? 0) + 1);
      if (node.children) visit(finish(node.children(false, true)));
    }
  };
  visit(templates);
  return census;
}

/** Runs a tag's synchronous generator to its end; without partials it yields nothing to wait for. */
function finish<T>(generator: Generator<unknown, T>): T {
  let step = generator.next();
  while (!step.done) step = generator.next();
  return step.value;
}

function issueAt(
  variable: Variable,
  code: string,
  message: string,
  severity: LiquidIssue['severity'],
): LiquidIssue {
  return { code, message, line: variable.location.row, column: variable.location.col, severity };
}

function syntaxIssue(error: LiquidError, source: string): LiquidIssue {
  const [line = 1, column = 1] = error.token.getPosition();
  const reason = (error.originalError?.message ?? error.message).replace(/, line:\d+, col:\d+$/, '');
  const filter = /^undefined filter: (\S+)/.exec(reason)?.[1];
  if (filter) {
    const at = filterPosition(source, line, column, filter);
    return {
      code: 'template.unknown_filter',
      message: `unknown filter "${filter}"; expected ${MESSAGE_FILTERS.map((known) => known.name).join(', ')} or a standard Liquid filter such as default, upcase or append`,
      ...at,
      severity: 'error',
    };
  }
  return { code: 'template.liquid_syntax', message: `Liquid: ${reason}`, line, column, severity: 'error' };
}

/** Where the filter's name is written, after the start of the output that names it. */
function filterPosition(source: string, line: number, column: number, filter: string) {
  const lines = source.split('\n');
  const start = lines.slice(0, line - 1).reduce((total, text) => total + text.length + 1, 0) + column - 1;
  const match = new RegExp(`\\|\\s*(${filter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})`).exec(
    source.slice(start),
  );
  if (!match) return { line, column };
  const offset = start + match.index + match[0].length - filter.length;
  const before = source.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

function sortIssues(issues: LiquidIssue[]): LiquidIssue[] {
  return [...issues].sort((a, b) => a.line - b.line || a.column - b.column);
}
