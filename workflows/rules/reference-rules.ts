import {
  type Journey,
  OFFER_PLACEHOLDERS,
  type Offer,
  placeholdersIn,
  type Template,
} from '../schema/index.ts';
import type { Violation } from './violation.ts';

/** What journeys may refer to by id: offers, templates, and other journeys (for re-touch audiences). */
export interface Catalog {
  readonly offers: ReadonlyMap<string, Offer>;
  readonly templates: ReadonlyMap<string, Template>;
  readonly journeyIds: ReadonlySet<string>;
}

export function referenceViolations(journey: Journey, catalog: Catalog): Violation[] {
  const violations: Violation[] = [];
  const unknown = (
    kind: 'offer' | 'template' | 'journey',
    id: string,
    path: Violation['path'],
    known: Iterable<string>,
  ) =>
    violations.push({
      code: `reference.unknown_${kind}`,
      path,
      message: `no ${kind} has id "${id}"; expected one of: ${[...known].sort().join(', ') || `(none: add workflows/${kind}s/${id}.${kind}.yaml)`}`,
    });

  journey.steps.forEach((step, index) => {
    if (step.kind === 'send') {
      const template = catalog.templates.get(step.template);
      if (!template)
        unknown('template', step.template, ['steps', index, 'template'], catalog.templates.keys());
      else if (template.channel !== step.channel) {
        violations.push({
          code: 'reference.channel_mismatch',
          path: ['steps', index, 'template'],
          message: `template "${step.template}" is written for ${template.channel}, but this step sends by ${step.channel}; use a ${step.channel} template`,
        });
      }
      if (step.offer !== undefined && !catalog.offers.has(step.offer)) {
        unknown('offer', step.offer, ['steps', index, 'offer'], catalog.offers.keys());
      }
      const offerPlaceholders = template ? placeholdersOfOffer(template) : [];
      if (step.offer === undefined && offerPlaceholders.length > 0) {
        violations.push({
          code: 'reference.template_needs_offer',
          path: ['steps', index, 'template'],
          message: `template "${step.template}" uses ${offerPlaceholders.map((name) => `{{${name}}}`).join(' and ')}, but this step has no offer; add "offer: <offer id>" to the step or use a template without offer placeholders`,
        });
      }
    }
    if (step.kind === 'grant' && !catalog.offers.has(step.offer)) {
      unknown('offer', step.offer, ['steps', index, 'offer'], catalog.offers.keys());
    }
  });

  const fromRun = journey.trigger.kind === 'schedule' ? journey.trigger.audience.from_run : undefined;
  if (fromRun && fromRun.journey !== journey.id && !catalog.journeyIds.has(fromRun.journey)) {
    unknown('journey', fromRun.journey, ['trigger', 'audience', 'from_run', 'journey'], catalog.journeyIds);
  }
  return violations;
}

/** The offer placeholders a template's subject and body use. */
function placeholdersOfOffer(template: Template): string[] {
  const used = new Set([...placeholdersIn(template.subject ?? ''), ...placeholdersIn(template.body)]);
  return OFFER_PLACEHOLDERS.filter((name) => used.has(name));
}
