import type { DeclaredEvents } from '../contracts/declared-events.ts';
import { offerNeeds } from '../messages/check-template.ts';
import type { Journey, Offer, SendStep, Template } from '../schema/index.ts';
import type { Violation } from './violation.ts';

/** What journeys may refer to by id: offers, templates, and other journeys (for re-touch audiences). */
export interface Catalog {
  readonly offers: ReadonlyMap<string, Offer>;
  readonly templates: ReadonlyMap<string, Template>;
  readonly journeyIds: ReadonlySet<string>;
  /**
   * The events journeys may name, with their properties; null when the event catalog has violations
   * of its own, and journeys' events are left unchecked. @default the known events of the events API contract
   */
  readonly events?: DeclaredEvents | null;
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
      if (template) violations.push(...offerViolations(step, index, template, catalog));
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

/** The offer variables named; the money filter only when it alone asks for the offer. */
function listed(uses: readonly string[]): string {
  const variables = uses.filter((name) => name !== 'money');
  return new Intl.ListFormat('en', { type: 'conjunction' }).format(
    variables.length > 0 ? variables : ['the money filter without a currency'],
  );
}

/** A template's offer variables need an offer on the step, and one of a kind that has them. */
function offerViolations(step: SendStep, index: number, template: Template, catalog: Catalog): Violation[] {
  const needs = offerNeeds(template);
  if (needs.uses.length === 0) return [];
  const path = ['steps', index, 'template'];
  if (step.offer === undefined)
    return [
      {
        code: 'reference.template_needs_offer',
        path,
        message: `template "${step.template}" uses ${listed(needs.uses)}, but this step has no offer; add "offer: <offer id>" to the step or use a template without offer variables`,
      },
    ];
  const offer = catalog.offers.get(step.offer);
  if (!offer || needs.kinds.includes(offer.kind)) return [];
  return [
    {
      code: 'reference.template_offer_kind',
      path,
      message: `template "${step.template}" uses ${listed(needs.uses)}, which the ${offer.kind} offer "${offer.id}" does not have; ${needs.kinds.length > 0 ? `present a ${needs.kinds.join(' or ')} offer` : 'no offer has them all, so split the template by offer kind'} or use another template`,
    },
  ];
}
