import { ATTRIBUTE_PREFIX } from '../messages/variables.ts';
import type { Channel } from '../schema/index.ts';
import { attributeName } from './conditions.ts';

/** Pinpoint message text in Liquid, with what each placeholder became. */
export interface LiquidText {
  readonly liquid: string;
  /** "{{User.UserAttributes.FirstName}} → customer.first_name" */
  readonly mapped: readonly string[];
  /** Placeholders and helpers with no variable here: left in the text as [name] for a person to replace. */
  readonly lost: readonly string[];
}

/** The variable a Pinpoint placeholder stands for, if one does. */
function variableOf(path: string, channel: Channel): { name: string; note?: string } | undefined {
  const attribute = /^(?:User\.UserAttributes|Attributes)\.([A-Za-z0-9_.-]+)$/.exec(path);
  if (attribute) {
    const name = attributeName(attribute[1] ?? '');
    return name === 'first_name' ? { name: 'customer.first_name' } : { name: `${ATTRIBUTE_PREFIX}${name}` };
  }
  if (path === 'User.UserId') return { name: 'customer.id' };
  if (path === 'Id' || path === 'EndpointId')
    return {
      name: 'customer.id',
      note: `${path} named the endpoint (a device or address); customer.id names the customer`,
    };
  if (path === 'Address' && channel === 'email') return { name: 'customer.email' };
  if (path === 'Demographic.Timezone') return { name: 'customer.timezone' };
  if (path === 'Demographic.Locale') return { name: 'customer.locale' };
  return undefined;
}

const PLACEHOLDER = /\{\{\{?\s*([^{}]*?)\s*\}?\}\}/g;

/**
 * Rewrites Pinpoint's Handlebars-style placeholders into Liquid variables: `{{User.UserAttributes.FirstName}}`
 * is `{{ customer.first_name }}`, with the template's default substitution as `| default:`. A
 * placeholder with no variable here, and any helper (`{{#if}}`), is left as "[name]" and reported.
 */
export function toLiquid(
  text: string,
  channel: Channel,
  defaults: Readonly<Record<string, string>>,
): LiquidText {
  const mapped: string[] = [];
  const lost: string[] = [];
  const liquid = text.replace(PLACEHOLDER, (whole, inner: string) => {
    const path = inner.trim();
    const variable = /^[A-Za-z_][\w.-]*$/.test(path) ? variableOf(path, channel) : undefined;
    if (!variable) {
      lost.push(whole);
      return `[${path.replace(/[[\]]/g, '')}]`;
    }
    const fallback = defaults[path];
    mapped.push(`${whole} → ${variable.name}${variable.note ? ` (${variable.note})` : ''}`);
    return `{{ ${variable.name}${fallback === undefined ? '' : ` | default: ${JSON.stringify(fallback)}`} }}`;
  });
  return { liquid, mapped: [...new Set(mapped)], lost: [...new Set(lost)] };
}

/** A template's DefaultSubstitutions: JSON of placeholder → value. */
export function defaultSubstitutions(json: string | undefined): Record<string, string> {
  if (!json) return {};
  try {
    const parsed: unknown = JSON.parse(json);
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(
      Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
  } catch {
    return {};
  }
}
