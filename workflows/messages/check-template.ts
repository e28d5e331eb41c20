import type { Offer } from '../schema/index.ts';
import { liquidFields, type Template } from '../schema/template.ts';
import { analyzeLiquid, type LiquidIssue } from './analyze.ts';
import type { Flavour } from './liquid.ts';
import { smsLengthIssue } from './sms-template-length.ts';
import { ATTRIBUTE_PREFIX } from './variables.ts';

/**
 * A problem in one field of a template: at a line and column of the field's text, or, without
 * them, the field as a whole.
 */
export interface FieldIssue extends Omit<LiquidIssue, 'line' | 'column'> {
  readonly field: string;
  readonly line?: number;
  readonly column?: number;
}

export const flavourOf = (field: string): Flavour => (field === 'mjml' ? 'html' : 'text');

/**
 * The Liquid checks of every field, that an email links its unsubscribe page in each part, and
 * how many segments an SMS takes.
 */
export function checkTemplate(template: Template): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const { field, source } of liquidFields(template)) {
    const analysis = analyzeLiquid(source, flavourOf(field));
    issues.push(...analysis.issues.map((issue) => ({ ...issue, field })));
    const parsed = !analysis.issues.some(
      (issue) => issue.code === 'template.liquid_syntax' || issue.code === 'template.unknown_filter',
    );
    const linksUnsubscribe = analysis.uses.some((use) => use.name === 'unsubscribe_url');
    if (template.channel === 'email' && (field === 'mjml' || field === 'text') && parsed && !linksUnsubscribe)
      issues.push({
        field,
        code: 'template.unsubscribe_missing',
        message:
          field === 'mjml'
            ? 'an email must carry an unsubscribe link; add <a href="{{ unsubscribe_url }}">Unsubscribe</a> to the MJML'
            : 'the text part of an email must carry the unsubscribe link too; add {{ unsubscribe_url }} to it',
        severity: 'error',
      });
    // SMS is billed per segment: counted once the body's Liquid is sound, placeholders at their longest.
    const sound = !analysis.issues.some((issue) => issue.severity === 'error');
    const segments = template.channel === 'sms' && sound ? smsLengthIssue(source) : undefined;
    if (segments) issues.push({ ...segments, field });
  }
  return issues;
}

/** The attribute names a template reads. */
export function attributesRead(template: Template): string[] {
  const names = liquidFields(template).flatMap(({ field, source }) =>
    analyzeLiquid(source, flavourOf(field))
      .uses.filter((use) => use.name.startsWith(ATTRIBUTE_PREFIX))
      .map((use) => use.name.slice(ATTRIBUTE_PREFIX.length)),
  );
  return [...new Set(names)].sort();
}

/** What of an offer a template needs: the offer.* names it uses, and the offer kinds that have them all. */
export interface OfferNeeds {
  /** `offer.*` names, and "money" when the money filter takes its currency from the offer. */
  readonly uses: readonly string[];
  readonly kinds: readonly Offer['kind'][];
}

export function offerNeeds(template: Template): OfferNeeds {
  const uses = new Set<string>();
  let kinds: readonly Offer['kind'][] = ['coupon', 'points'];
  for (const { field, source } of liquidFields(template)) {
    const analysis = analyzeLiquid(source, flavourOf(field));
    for (const use of analysis.uses) {
      if (!use.variable.offerKinds) continue;
      uses.add(use.name);
      const allowed = use.variable.offerKinds;
      kinds = kinds.filter((kind) => allowed.includes(kind));
    }
    if (analysis.moneyFromOffer) uses.add('money');
  }
  return { uses: [...uses], kinds };
}
