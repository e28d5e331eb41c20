import { KEBAB_CASE } from '../schema/primitives.ts';

const MAX_ID = 64;

/**
 * A kebab-case id for a Pinpoint name (activity ids are alphanumeric, template names may hold
 * dashes and underscores): "WelcomeEmail2" → "welcome-email2", "3rdReminder" → "step-3rd-reminder".
 */
export function kebabId(name: string, prefix = 'step'): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let id = words.join('-');
  if (!/^[a-z]/.test(id)) id = `${prefix}${id ? `-${id}` : ''}`;
  id = id.slice(0, MAX_ID).replace(/-+$/, '');
  return KEBAB_CASE.test(id) ? id : prefix;
}

/** Hands out ids unique among themselves: a second "email" becomes "email-2". */
export class IdAllocator {
  readonly #taken = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const id of reserved) this.#taken.add(id);
  }

  take(wanted: string): string {
    let id = wanted;
    for (let n = 2; this.#taken.has(id); n += 1) {
      const suffix = `-${n}`;
      id = `${wanted.slice(0, MAX_ID - suffix.length).replace(/-+$/, '')}${suffix}`;
    }
    this.#taken.add(id);
    return id;
  }
}

const WORD_OF = {
  EMAIL: 'email',
  SMS: 'sms',
  PUSH: 'push',
  CUSTOM: 'webhook',
  Wait: 'wait',
  ConditionalSplit: 'yes-no',
  MultiCondition: 'branch',
  RandomSplit: 'split',
  Holdout: 'holdout',
  ContactCenter: 'contact-center',
} as const;

/** The ids the Pinpoint console makes up: ten letters and digits, such as "0roHkysnX3". */
const CONSOLE_ID = /^(?=[A-Za-z0-9]*\d)[A-Za-z0-9]{10}$/;

/**
 * The step id of an activity: its id in kebab case when a person named it ("CartEmail" →
 * "cart-email"); a console id after what the activity does ("0roHkysnX3" → "email-0rohkysnx3"),
 * which reads better than its case split into fragments.
 */
export function activityStepId(activityId: string, type: keyof typeof WORD_OF): string {
  if (!CONSOLE_ID.test(activityId)) return kebabId(activityId);
  return kebabId(`${WORD_OF[type]}-${activityId.toLowerCase()}`);
}
