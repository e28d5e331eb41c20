import type { CustomerProfile } from '../contracts/customer.ts';
import { durationSeconds } from '../language/duration.ts';
import type { Offer } from '../schema/index.ts';
import { DEFAULT_LOCALE } from './filters.ts';
import { PROFILE_VARIABLES } from './variables.ts';

/** What one message is rendered from. */
export interface MessageInput {
  readonly profile: CustomerProfile;
  readonly offer?: Offer;
  /** When the customer got the offer: a coupon's expiry counts from here. */
  readonly grantedAt: number;
  readonly journey: { readonly id: string; readonly name: string };
  readonly stepId: string;
  readonly unsubscribeUrl: string;
}

/** The variables a template sees (workflows/messages/variables.ts lists and documents them). */
export interface MessageScope {
  readonly customer: Readonly<Record<string, unknown>> & {
    readonly timezone: string;
    readonly locale: string;
    readonly attributes: Readonly<Record<string, unknown>>;
  };
  readonly offer: Readonly<Record<string, unknown>> | null;
  readonly journey: { readonly id: string; readonly name: string };
  readonly step: { readonly id: string };
  readonly unsubscribe_url: string;
}

const iso = (millis: number) => new Date(millis).toISOString();

/** The `locale` attribute when it is a BCP 47 tag Intl knows, else the default. */
export function customerLocale(profile: CustomerProfile): string {
  const wanted = profile.attributes.locale;
  if (typeof wanted !== 'string') return DEFAULT_LOCALE;
  try {
    return Intl.getCanonicalLocales(wanted)[0] ?? DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

/**
 * The scope of one message. A value a profile lacks is null rather than absent, and so is each
 * attribute the template reads: strict rendering then fails only on a name no template may use.
 */
export function messageScope(input: MessageInput, attributesRead: readonly string[] = []): MessageScope {
  const { profile } = input;
  const fields = Object.fromEntries(
    PROFILE_VARIABLES.map(([name, field, type]) => {
      const value = profile[field];
      if (value === undefined) return [name, null];
      return [name, type === 'time' && typeof value === 'number' ? iso(value) : value];
    }),
  );
  const attributes: Record<string, unknown> = Object.fromEntries(attributesRead.map((name) => [name, null]));
  Object.assign(attributes, profile.attributes);
  return {
    customer: {
      ...fields,
      first_name: profile.attributes.first_name ?? null,
      timezone: profile.timezone,
      locale: customerLocale(profile),
      attributes,
    },
    offer: input.offer ? offerScope(input.offer, input.grantedAt) : null,
    journey: { id: input.journey.id, name: input.journey.name },
    step: { id: input.stepId },
    unsubscribe_url: input.unsubscribeUrl,
  };
}

function offerScope(offer: Offer, grantedAt: number): Record<string, unknown> {
  const common = { id: offer.id, name: offer.name, kind: offer.kind, currency: offer.currency };
  if (offer.kind === 'points')
    return { ...common, points: offer.points, amount: null, min_spend: null, expires_at: null, code: null };
  return {
    ...common,
    amount: offer.amount,
    min_spend: offer.min_spend,
    expires_at: iso(grantedAt + durationSeconds(offer.expires_after) * 1000),
    code: offer.id.toUpperCase(),
    points: null,
  };
}
