import { Liquid, type Template } from 'liquidjs';
import { registerMessageFilters } from './filters.ts';

/** Text goes out as written; HTML escapes every output, so a profile value cannot inject markup. */
export type Flavour = 'text' | 'html';

/** Tags that read other template files: a template is one self-contained file. */
const FILE_TAGS = ['include', 'render', 'layout', 'block'];

function engine(flavour: Flavour): Liquid {
  const liquid = new Liquid({
    strictVariables: true,
    strictFilters: true,
    // An `if` on a missing value is false and `default` fills it, as authors expect.
    lenientIf: true,
    ownPropertyOnly: true,
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
