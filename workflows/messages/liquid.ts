import { Liquid, type Template } from 'liquidjs';
import { registerMessageFilters } from './filters.ts';

/** Text goes out as written; HTML escapes every output, so a profile value cannot inject markup. */
export type Flavour = 'text' | 'html';

/** Far above any message (an SMS takes 10 segments, an email 100 KB), far below what stalls a process. */
export const MEMORY_LIMIT = 10_000_000;
export const PARSE_LIMIT = 1_000_000;

/** Tags that read other template files: a template is one self-contained file. */
const FILE_TAGS = ['include', 'render', 'layout', 'block'];

function engine(flavour: Flavour): Liquid {
  const liquid = new Liquid({
    strictVariables: true,
    strictFilters: true,
    // An `if` on a missing value is false and `default` fills it, as authors expect.
    lenientIf: true,
    ownPropertyOnly: true,
    // A loop over a huge range, or a value doubled in a loop, fails the render instead of stalling
    // its shard; counted in allocations, not time, so the outcome does not depend on the machine.
    memoryLimit: MEMORY_LIMIT,
    parseLimit: PARSE_LIMIT,
    ...(flavour === 'html' ? { outputEscape: 'escape' as const } : {}),
  });
  for (const tag of FILE_TAGS) delete liquid.tags[tag];
  registerMessageFilters(liquid);
  return liquid;
}

export const LIQUID: Readonly<Record<Flavour, Liquid>> = { text: engine('text'), html: engine('html') };

const parsed: Record<Flavour, Map<string, Template[]>> = { text: new Map(), html: new Map() };

/** A source parsed once per flavour; a source that does not parse throws Liquid's error each time. */
export function parseLiquid(source: string, flavour: Flavour): Template[] {
  const cached = parsed[flavour].get(source);
  if (cached) return cached;
  const templates = LIQUID[flavour].parse(source);
  parsed[flavour].set(source, templates);
  return templates;
}
