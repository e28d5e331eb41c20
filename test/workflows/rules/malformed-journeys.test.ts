import { describe, expect, test } from 'vitest';
import type { Catalog } from '../../../workflows/rules/index.ts';
import { formatPath, type LocatedViolation } from '../../../workflows/rules/violation.ts';
import { Offer, Template } from '../../../workflows/schema/index.ts';
import { checkJourneyText } from '../../../workflows/workspace/validate-text.ts';

/**
 * Journey text written inline: drops the first line break and the indentation common to all
 * lines, so line 1 is the first YAML line and line numbers can be read off the test.
 */
function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = strings.reduce(
    (all, part, index) => all + part + (index < values.length ? String(values[index]) : ''),
    '',
  );
  const lines = text
    .replace(/^\n/, '')
    .replace(/\n[ ]*$/, '')
    .split('\n');
  const indent = Math.min(
    ...lines.filter((line) => line.trim() !== '').map((line) => line.match(/^ */)?.[0].length ?? 0),
  );
  return `${lines.map((line) => line.slice(indent)).join('\n')}\n`;
}

const offers = [
  Offer.parse({ id: 'cart-coupon', name: 'Cart coupon', kind: 'coupon', amount: 15, expires_after: '3d' }),
  Offer.parse({ id: 'bonus-points', name: 'Bonus points', kind: 'points', points: 500 }),
];
const templates = [
  Template.parse({ id: 'cart-email', channel: 'email', subject: 'Your cart', body: 'Hi {{first_name}}' }),
  Template.parse({ id: 'cart-sms', channel: 'sms', body: 'Your cart is waiting' }),
  Template.parse({
    id: 'coupon-sms',
    channel: 'sms',
    body: '{{offer_name}}: {{offer_amount}} off your cart',
  }),
];
const catalog: Catalog = {
  offers: new Map(offers.map((offer) => [offer.id, offer])),
  templates: new Map(templates.map((template) => [template.id, template])),
  journeyIds: new Set(['preheat-618']),
};

const FILE = 'malformed.journey.yaml';

/** A valid event-triggered journey; the cases below are small changes to journeys of this shape. */
const VALID_EVENT_JOURNEY = yaml`
  id: cart-nudge
  name: Cart nudge
  description: Nudges carts left behind.
  version: 1
  trigger:
    kind: event
    event: add_to_cart
  goal:
    event: purchase
    within: 3d
  steps:
    - id: wait-1h
      kind: wait
      duration: 1h
    - id: send-reminder
      kind: send
      channel: email
      template: cart-email
      offer: cart-coupon
    - id: done
      kind: exit
`;

/** A valid scheduled journey on a campaign calendar, re-touching the audience of another journey. */
const VALID_SCHEDULED_JOURNEY = yaml`
  id: retouch
  name: Retouch
  description: Second touch.
  version: 1
  campaign:
    timezone: Asia/Shanghai
    dates:
      sale_start: "2027-06-18T00:00"
  trigger:
    kind: schedule
    at: { date: sale_start, offset: -1d, time: "10:00" }
    timezone: Asia/Shanghai
    audience:
      from_run: { journey: preheat-618 }
  steps:
    - id: wait-for-start
      kind: wait
      until: { date: sale_start }
    - id: send-sms
      kind: send
      channel: sms
      template: cart-sms
`;

interface ExpectedViolation {
  readonly code: string;
  /** As written by formatPath, e.g. "steps[0].template". */
  readonly path: string;
  readonly line: number;
  /** Only checked when given. */
  readonly column?: number;
  /** A part of the message. */
  readonly message: string;
}

interface MalformedCase {
  readonly name: string;
  readonly text: string;
  readonly violations: readonly ExpectedViolation[];
}

function located(actual: readonly LocatedViolation[], expected: readonly ExpectedViolation[]) {
  return actual.map((violation, index) => ({
    code: violation.code,
    path: formatPath(violation.path),
    line: violation.line,
    ...(expected[index]?.column !== undefined ? { column: violation.column } : {}),
    message: violation.message,
  }));
}

function expectedShape(expected: readonly ExpectedViolation[]) {
  return expected.map(({ message, ...rest }) => ({ ...rest, message: expect.stringContaining(message) }));
}

const cases: MalformedCase[] = [
  // YAML text
  {
    name: 'when a line is indented with a tab, reports yaml.tab_as_indent at that line and column',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
      ${'\t'}kind: event
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'yaml.tab_as_indent',
        path: '',
        line: 6,
        column: 1,
        message: 'Tabs are not allowed as indentation',
      },
    ],
  },
  {
    name: 'when a value holds a second colon, reports a YAML syntax error at that value',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: done
          kind: exit
        - id: x: y
          kind: exit
    `,
    violations: [
      {
        code: 'yaml.block_as_implicit_key',
        path: '',
        line: 11,
        column: 9,
        message: 'Nested mappings are not allowed in compact mappings',
      },
    ],
  },
  {
    name: 'when a top-level key is written twice, reports yaml.duplicate_key at the second one',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      name: Again
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      { code: 'yaml.duplicate_key', path: '', line: 8, column: 1, message: 'Map keys must be unique' },
    ],
  },
  {
    name: 'when a step key is written twice, reports yaml.duplicate_key at the second one',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: send-reminder
          kind: send
          channel: email
          channel: sms
          template: cart-email
        - id: done
          kind: exit
    `,
    violations: [
      { code: 'yaml.duplicate_key', path: '', line: 12, column: 5, message: 'Map keys must be unique' },
    ],
  },
  {
    name: 'when the document is a list, reports that a journey is a mapping of fields',
    text: yaml`
      - id: cart-nudge
    `,
    violations: [
      { code: 'schema.invalid_type', path: '', line: 1, message: 'expected an object (a mapping of fields)' },
    ],
  },
  {
    name: 'when a JSON journey misspells a step kind, reports the kind with its line and column',
    text: yaml`
      {"id": "cart-nudge", "name": "Cart nudge", "description": "x", "version": 1,
       "trigger": {"kind": "event", "event": "add_to_cart"},
       "steps": [{"id": "done", "kind": "exitt"}]}
    `,
    violations: [
      {
        code: 'schema.invalid_union',
        path: 'steps[0].kind',
        line: 3,
        column: 35,
        message: 'expected kind to be one of wait, wait_for, branch, split, send, grant, update, exit',
      },
    ],
  },

  // Required fields
  {
    name: 'when the id is missing, reports id as required at the top of the file',
    text: yaml`
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      { code: 'schema.required', path: 'id', line: 1, column: 1, message: 'is required: expected a string' },
    ],
  },
  {
    name: 'when the name is missing, reports name as required at the top of the file',
    text: yaml`
      id: cart-nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      { code: 'schema.required', path: 'name', line: 1, message: 'is required: expected a string' },
    ],
  },
  {
    name: 'when the name is empty, reports schema.too_small at the name',
    text: yaml`
      id: cart-nudge
      name: ""
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: done
          kind: exit
    `,
    violations: [{ code: 'schema.too_small', path: 'name', line: 2, message: 'expected a non-empty name' }],
  },
  {
    name: 'when the trigger has no kind, reports trigger.kind at the trigger',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger: {}
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.invalid_union',
        path: 'trigger.kind',
        line: 5,
        message: 'expected trigger.kind to be "event" or "schedule"',
      },
    ],
  },
  {
    name: 'when the steps are missing, reports steps as required at the top of the file',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
    `,
    violations: [
      { code: 'schema.required', path: 'steps', line: 1, message: 'is required: expected a list' },
    ],
  },
  {
    name: 'when the steps list is empty, reports schema.too_small at steps',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps: []
    `,
    violations: [{ code: 'schema.too_small', path: 'steps', line: 8, message: 'expected at least one step' }],
  },
  {
    name: 'when a wait_for step has no on_event, reports on_event as required at the step',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: wait-for-order
          kind: wait_for
          event: purchase
          timeout: 1d
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.required',
        path: 'steps[0].on_event',
        line: 9,
        column: 5,
        message: 'is required: expected a string',
      },
    ],
  },
  {
    name: 'when a schedule trigger has no time zone, reports trigger.timezone as required',
    text: yaml`
      id: weekly
      name: Weekly
      description: Weekly touch.
      version: 1
      trigger:
        kind: schedule
        cron: "0 10 ? * MON *"
        audience:
          segment: { tier: [H] }
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.required',
        path: 'trigger.timezone',
        line: 5,
        message: 'is required: expected a string',
      },
    ],
  },

  {
    name: 'when the version is missing, reports version as required, not as a wrong type',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: done
          kind: exit
    `,
    violations: [{ code: 'schema.required', path: 'version', line: 1, message: 'is required: expected' }],
  },
  {
    name: 'when the trigger is missing, reports trigger as required with what it expects',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.required',
        path: 'trigger',
        line: 1,
        message: 'is required: expected an object (a mapping of fields)',
      },
    ],
  },
  {
    name: 'when the goal has no event, reports goal.event as required at the goal',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      goal:
        within: 3d
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.required',
        path: 'goal.event',
        line: 8,
        column: 1,
        message: 'is required: expected a string',
      },
    ],
  },
  {
    name: 'when the campaign has no dates, reports campaign.dates as required at the campaign',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      campaign:
        timezone: Asia/Shanghai
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: done
          kind: exit
    `,
    violations: [{ code: 'schema.required', path: 'campaign.dates', line: 5, message: 'is required' }],
  },
  {
    name: 'when a schedule trigger has no audience, reports trigger.audience as required',
    text: yaml`
      id: retouch
      name: Retouch
      description: Second touch.
      version: 1
      trigger:
        kind: schedule
        at: "2027-06-21T10:00"
        timezone: Asia/Shanghai
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.required',
        path: 'trigger.audience',
        line: 5,
        message: 'is required: expected an object (a mapping of fields)',
      },
    ],
  },
  {
    name: 'when a branch case has no condition, reports when as required with what a condition is',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: route
          kind: branch
          cases:
            - next: done
          default: done
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.required',
        path: 'steps[0].cases[0].when',
        line: 12,
        message: 'is required: expected a condition: an object with one of "attribute", "tier"',
      },
    ],
  },

  // Wrong types and values of top-level fields
  {
    name: 'when the version is a word, reports schema.invalid_type at the version',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: one
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.invalid_type',
        path: 'version',
        line: 4,
        message: 'expected a whole version number such as 1',
      },
    ],
  },
  {
    name: 'when the version is a fraction, reports that it must be a whole number',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1.5
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.invalid_type',
        path: 'version',
        line: 4,
        message: 'expected a whole version number such as 1',
      },
    ],
  },
  {
    name: 'when the version is 0, reports schema.too_small at the version',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 0
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      { code: 'schema.too_small', path: 'version', line: 4, message: 'expected a version of 1 or more' },
    ],
  },
  {
    name: 'when the steps are a mapping instead of a list, reports that a list was expected',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        done:
          kind: exit
    `,
    violations: [
      {
        code: 'schema.invalid_type',
        path: 'steps',
        line: 8,
        message: 'expected a list, got an object',
      },
    ],
  },
  {
    name: 'when the holdout is a word, reports schema.invalid_type at the holdout',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      holdout: ten
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.invalid_type',
        path: 'holdout',
        line: 8,
        message: 'expected a holdout percentage such as 10',
      },
    ],
  },
  {
    name: 'when the holdout is above 50, reports schema.too_big at the holdout',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      holdout: 60
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.too_big',
        path: 'holdout',
        line: 8,
        message: 'expected a holdout percentage of at most 50',
      },
    ],
  },
  {
    name: 'when once_per_customer is a string, reports that true or false was expected',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: grant
          kind: grant
          offer: cart-coupon
          once_per_customer: yes
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.invalid_type',
        path: 'steps[0].once_per_customer',
        line: 12,
        message: 'expected true or false, got the text "yes"',
      },
    ],
  },

  {
    name: 'when the steps are left empty, reports that a list was expected and null was written',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
    `,
    violations: [
      { code: 'schema.invalid_type', path: 'steps', line: 8, message: 'expected a list, got null' },
    ],
  },
  {
    name: 'when a template is written as a list, reports that a string was expected and a list was written',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: send-reminder
          kind: send
          channel: email
          template: [cart-email, cart-sms]
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.invalid_type',
        path: 'steps[0].template',
        line: 12,
        message: 'expected a string, got a list',
      },
    ],
  },
  {
    name: 'when a step label is a number, reports that a string was expected and quotes the number',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: done
          kind: exit
          label: 42
    `,
    violations: [
      {
        code: 'schema.invalid_type',
        path: 'steps[0].label',
        line: 11,
        column: 12,
        message: 'expected a string, got number 42',
      },
    ],
  },
  {
    name: 'when a wait_for timeout is true, reports that a string was expected and a boolean was written',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: wait-for-order
          kind: wait_for
          event: purchase
          timeout: true
          on_event: done
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.invalid_type',
        path: 'steps[0].timeout',
        line: 12,
        message: 'expected a string, got boolean true',
      },
    ],
  },
  {
    name: 'when a step label is over 80 characters, reports schema.too_big with the limit in characters',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: done
          kind: exit
          label: ${'Thank the customer and end the journey, whatever they did before reaching this step'}
    `,
    violations: [
      {
        code: 'schema.too_big',
        path: 'steps[0].label',
        line: 11,
        message: 'is too long: expected at most 80 characters',
      },
    ],
  },
  {
    name: 'when the journey name is over 120 characters, reports schema.too_big at the name',
    text: yaml`
      id: cart-nudge
      name: ${'Cart nudge '.repeat(12)}
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.too_big',
        path: 'name',
        line: 2,
        message: 'is too long: expected at most 120 characters',
      },
    ],
  },
  {
    name: 'when reentry is neither "never" nor a cooldown, reports what reentry expects at its value',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      entry:
        reentry: always
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.invalid_union',
        path: 'entry.reentry',
        line: 9,
        column: 12,
        message: 'expected "never" or { after: <duration> }',
      },
    ],
  },
  {
    name: 'when a reentry cooldown has no after, reports entry.reentry.after as required',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      entry:
        reentry: {}
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.required',
        path: 'entry.reentry.after',
        line: 9,
        message: 'is required: expected a string',
      },
    ],
  },
  {
    name: 'when an update sets an attribute to a mapping, reports that a string, number or boolean was expected',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: tag
          kind: update
          set:
            city: { name: Shanghai }
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.invalid_union',
        path: 'steps[0].set.city',
        line: 12,
        message: 'expected a string, number or boolean',
      },
    ],
  },
  {
    name: 'when a filter compares with a mapping, reports that a scalar or a list for "in" was expected',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
        filter:
          - { property: category, op: eq, value: { name: shoes } }
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.invalid_union',
        path: 'trigger.filter[0].value',
        line: 9,
        message: 'expected a string, number or boolean, or a list of them with op "in"',
      },
    ],
  },
  {
    name: 'when a wait waits until a number, reports what a moment is at the until',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: wait
          kind: wait
          until: 20270618
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.invalid_union',
        path: 'steps[0].until',
        line: 11,
        message: 'expected an ISO date-time string, or { date, offset, time } relative to a campaign date',
      },
    ],
  },

  // Ids and names
  {
    name: 'when the journey id is not kebab-case, reports schema.invalid_format at the id',
    text: yaml`
      id: Cart_Nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.invalid_format',
        path: 'id',
        line: 1,
        column: 5,
        message: 'expected a kebab-case id such as "cart-nudge"',
      },
    ],
  },
  {
    name: 'when a step id is not kebab-case, reports schema.invalid_format at the step id',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: Done
          kind: exit
    `,
    violations: [
      { code: 'schema.invalid_format', path: 'steps[0].id', line: 9, message: 'expected a kebab-case id' },
    ],
  },
  {
    name: 'when the trigger event is not snake_case, reports schema.invalid_format at the event',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: AddToCart
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.invalid_format',
        path: 'trigger.event',
        line: 7,
        message: 'expected a snake_case event name',
      },
    ],
  },

  // Unknown fields and kinds
  {
    name: 'when a top-level field is misspelled, reports schema.unknown_field at it',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      goall:
        event: purchase
        within: 3d
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.unknown_field',
        path: 'goall',
        line: 8,
        column: 1,
        message: 'unknown field "goall"; check its spelling',
      },
    ],
  },
  {
    name: 'when a step field is misspelled, reports the unknown field and the required field it was meant to be',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: send-reminder
          kind: send
          channel: email
          templte: cart-email
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.required',
        path: 'steps[0].template',
        line: 9,
        message: 'is required: expected a string',
      },
      {
        code: 'schema.unknown_field',
        path: 'steps[0].templte',
        line: 12,
        column: 5,
        message: 'unknown field "templte"',
      },
    ],
  },
  {
    name: 'when an entry field is misspelled, reports schema.unknown_field at it',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      entry:
        re_entry: never
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.unknown_field',
        path: 'entry.re_entry',
        line: 9,
        column: 3,
        message: 'unknown field "re_entry"',
      },
    ],
  },
  {
    name: 'when a misspelled step field holds a plain value, reports schema.unknown_field at its name',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: done
          kind: exit
          lable: Done
    `,
    violations: [
      {
        code: 'schema.unknown_field',
        path: 'steps[0].lable',
        line: 11,
        column: 5,
        message: 'unknown field "lable"; check its spelling or remove it',
      },
    ],
  },
  {
    name: 'when a misspelled field is in a flow mapping, reports schema.unknown_field at its name',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger: { kind: event, event: add_to_cart, fitler: none }
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.unknown_field',
        path: 'trigger.fitler',
        line: 5,
        column: 45,
        message: 'unknown field "fitler"',
      },
    ],
  },
  {
    name: 'when a campaign date name is not snake_case, reports schema.invalid_key at the name',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      campaign:
        timezone: Asia/Shanghai
        dates:
          SaleStart: "2027-06-18T00:00"
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.invalid_key',
        path: 'campaign.dates.SaleStart',
        line: 8,
        column: 5,
        message: 'the name "SaleStart" is not allowed: expected a snake_case date name such as "sale_start"',
      },
    ],
  },
  {
    name: 'when an update sets an attribute with a dash in its name, reports schema.invalid_key at the name',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: tag
          kind: update
          set: { total-spend: 0 }
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.invalid_key',
        path: 'steps[0].set.total-spend',
        line: 11,
        column: 12,
        message: 'the name "total-spend" is not allowed: expected an attribute name such as "totalSpend"',
      },
    ],
  },
  {
    name: 'when a step kind is unknown, reports the kinds there are at the kind',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: send-reminder
          kind: email
          template: cart-email
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.invalid_union',
        path: 'steps[0].kind',
        line: 10,
        column: 11,
        message: 'expected kind to be one of wait, wait_for, branch, split, send, grant, update, exit',
      },
    ],
  },
  {
    name: 'when a step has no kind, reports the kinds there are at the step',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: done
    `,
    violations: [
      {
        code: 'schema.invalid_union',
        path: 'steps[0].kind',
        line: 9,
        message: 'expected kind to be one of wait',
      },
    ],
  },
  {
    name: 'when the trigger kind is unknown, reports trigger.kind',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: webhook
        event: add_to_cart
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.invalid_union',
        path: 'trigger.kind',
        line: 6,
        message: 'expected trigger.kind to be "event" or "schedule"',
      },
    ],
  },

  // Durations
  {
    name: 'when a wait duration is written in words, reports schema.invalid_format at the duration',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: wait-1h
          kind: wait
          duration: 1 hour
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.invalid_format',
        path: 'steps[0].duration',
        line: 11,
        column: 15,
        message: 'expected a duration such as "15m", "2h", "3d", "1w" or "1d12h"',
      },
    ],
  },
  {
    name: 'when a wait duration is zero, reports that it must be longer than zero',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: wait-1h
          kind: wait
          duration: 0s
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.custom',
        path: 'steps[0].duration',
        line: 11,
        message: 'expected a duration longer than zero',
      },
    ],
  },
  {
    name: 'when the goal window is written in words, reports schema.invalid_format at goal.within',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      goal:
        event: purchase
        within: 3 days
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.invalid_format',
        path: 'goal.within',
        line: 10,
        message: 'expected a duration such as "15m"',
      },
    ],
  },
  {
    name: 'when the re-entry cooldown is not a duration, reports schema.invalid_format at reentry.after',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      entry:
        reentry: { after: one week }
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.invalid_format',
        path: 'entry.reentry.after',
        line: 9,
        column: 21,
        message: 'expected a duration such as "15m"',
      },
    ],
  },

  // Enumerations
  {
    name: 'when a send step names an unknown channel, reports the channels there are',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: send-reminder
          kind: send
          channel: whatsapp
          template: cart-email
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.invalid_value',
        path: 'steps[0].channel',
        line: 11,
        message: 'expected one of "email", "sms", "push", "in_app", "webhook"',
      },
    ],
  },
  {
    name: 'when a tier condition names an unknown tier, reports the tiers there are at that tier',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: route
          kind: branch
          cases:
            - when: { tier: [X] }
              next: done
          default: done
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.invalid_value',
        path: 'steps[0].cases[0].when.tier[0]',
        line: 12,
        column: 24,
        message: 'expected one of "H", "E", "A"',
      },
    ],
  },
  {
    name: 'when a tier condition lists no tier, reports schema.too_small at the tier list',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: route
          kind: branch
          cases:
            - when: { tier: [] }
              next: done
          default: done
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.too_small',
        path: 'steps[0].cases[0].when.tier',
        line: 12,
        message: 'expected at least one tier (H, E or A)',
      },
    ],
  },

  // Conditions
  {
    name: 'when a condition uses an unknown operator, reports the operators there are at the op',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: route
          kind: branch
          cases:
            - when: { attribute: city, op: contains, value: Shanghai }
              next: done
          default: done
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.invalid_value',
        path: 'steps[0].cases[0].when.op',
        line: 12,
        column: 38,
        message: 'expected one of "eq", "ne", "gt", "gte", "lt", "lte", "in", "exists"',
      },
    ],
  },
  {
    name: 'when a condition nested in and/not uses an unknown operator, reports the nested op',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: route
          kind: branch
          cases:
            - when:
                and:
                  - { tier: [H] }
                  - not: { attribute: totalSpend, op: greater, value: 500 }
              next: done
          default: done
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.invalid_value',
        path: 'steps[0].cases[0].when.and[1].not.op',
        line: 15,
        message: 'expected one of "eq", "ne"',
      },
    ],
  },
  {
    name: 'when a condition has none of the condition fields, reports what a condition is',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: route
          kind: branch
          cases:
            - when: { segment: vip }
              next: done
          default: done
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.invalid_union',
        path: 'steps[0].cases[0].when',
        line: 12,
        message:
          'expected a condition: an object with one of "attribute", "tier", "event", "and", "or" or "not"',
      },
    ],
  },
  {
    name: 'when an "and" condition is empty, reports schema.too_small at the and',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: route
          kind: branch
          cases:
            - when: { and: [] }
              next: done
          default: done
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.too_small',
        path: 'steps[0].cases[0].when.and',
        line: 12,
        message: 'expected at least one condition in "and"',
      },
    ],
  },
  {
    name: 'when op "in" has a single value, reports that a list was expected',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
        filter:
          - { property: category, op: in, value: shoes }
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.custom',
        path: 'trigger.filter[0].value',
        line: 9,
        column: 44,
        message: 'expected a list of values with op "in"',
      },
    ],
  },
  {
    name: 'when op "eq" has a list, reports that op "in" is for lists',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
        filter:
          - { property: category, op: eq, value: [shoes, bags] }
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.custom',
        path: 'trigger.filter[0].value',
        line: 9,
        message: 'expected a single value with op "eq"; use op "in" for a list',
      },
    ],
  },
  {
    name: 'when a comparison has no value, reports the missing value at the condition',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
        filter:
          - { property: cartValue, op: gte }
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.custom',
        path: 'trigger.filter[0].value',
        line: 9,
        column: 7,
        message: 'expected a value to compare the event property with',
      },
    ],
  },
  {
    name: 'when op "exists" has a value other than true or false, reports it at the value',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
        filter:
          - { property: coupon, op: exists, value: yes }
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.custom',
        path: 'trigger.filter[0].value',
        line: 9,
        message: 'expected true or false (or no value) with op "exists"',
      },
    ],
  },
  {
    name: 'when op "gt" compares with true, reports that a number or string was expected',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
        filter:
          - { property: cartValue, op: gt, value: true }
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.custom',
        path: 'trigger.filter[0].value',
        line: 9,
        message: 'expected a number or string with op "gt"',
      },
    ],
  },
  {
    name: 'when an event condition has both since and within, reports that exactly one is expected',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: route
          kind: branch
          cases:
            - when: { event: purchase, since: entry, within: 1d }
              next: done
          default: done
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.custom',
        path: 'steps[0].cases[0].when',
        line: 12,
        column: 9,
        message: 'expected exactly one of "since: entry" or "within: <duration>" on an event condition',
      },
    ],
  },

  // Schedule triggers and time
  {
    name: 'when a schedule trigger has both at and cron, reports that exactly one is expected',
    text: yaml`
      id: weekly
      name: Weekly
      description: Weekly touch.
      version: 1
      trigger:
        kind: schedule
        at: "2027-06-18T10:00"
        cron: "0 10 ? * MON *"
        timezone: Asia/Shanghai
        audience:
          segment: { tier: [H] }
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.custom',
        path: 'trigger',
        line: 5,
        message: 'expected exactly one of "at" or "cron" on a schedule trigger',
      },
    ],
  },
  {
    name: 'when a schedule trigger has neither at nor cron, reports that exactly one is expected',
    text: yaml`
      id: weekly
      name: Weekly
      description: Weekly touch.
      version: 1
      trigger:
        kind: schedule
        timezone: Asia/Shanghai
        audience:
          segment: { tier: [H] }
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.custom',
        path: 'trigger',
        line: 5,
        message: 'expected exactly one of "at" or "cron" on a schedule trigger',
      },
    ],
  },
  {
    name: 'when a schedule audience has neither segment nor from_run, reports it at the audience',
    text: yaml`
      id: retouch
      name: Retouch
      description: Second touch.
      version: 1
      trigger:
        kind: schedule
        at: "2027-06-21T10:00"
        timezone: Asia/Shanghai
        audience: {}
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.custom',
        path: 'trigger.audience',
        line: 9,
        message: 'expected "segment", "from_run" or both in the audience',
      },
    ],
  },
  {
    name: 'when a cron has 5 fields, reports time.invalid_cron asking for the 6 of EventBridge',
    text: yaml`
      id: weekly
      name: Weekly
      description: Weekly touch.
      version: 1
      trigger:
        kind: schedule
        cron: "0 10 * * 1"
        timezone: Asia/Shanghai
        audience:
          segment: { tier: [H] }
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'time.invalid_cron',
        path: 'trigger.cron',
        line: 7,
        column: 9,
        message: '"0 10 * * 1" has 5 fields; expected the 6 of EventBridge Scheduler',
      },
    ],
  },
  {
    name: 'when a cron sets both day-of-month and day-of-week, reports time.invalid_cron asking for "?"',
    text: yaml`
      id: weekly
      name: Weekly
      description: Weekly touch.
      version: 1
      trigger:
        kind: schedule
        cron: "0 10 1 * MON *"
        timezone: Asia/Shanghai
        audience:
          segment: { tier: [H] }
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'time.invalid_cron',
        path: 'trigger.cron',
        line: 7,
        message: '"0 10 1 * MON *" needs "?" in exactly one of day-of-month and day-of-week',
      },
    ],
  },
  {
    name: 'when a cron has "?" in both day-of-month and day-of-week, reports time.invalid_cron asking for one',
    text: yaml`
      id: weekly
      name: Weekly
      description: Weekly touch.
      version: 1
      trigger:
        kind: schedule
        cron: "0 10 ? * ? *"
        timezone: Asia/Shanghai
        audience:
          segment: { tier: [H] }
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'time.invalid_cron',
        path: 'trigger.cron',
        line: 7,
        column: 9,
        message: '"0 10 ? * ? *" needs "?" in exactly one of day-of-month and day-of-week',
      },
    ],
  },
  {
    name: 'when a cron names a day that does not exist, reports time.invalid_cron for a value it cannot read',
    text: yaml`
      id: weekly
      name: Weekly
      description: Weekly touch.
      version: 1
      trigger:
        kind: schedule
        cron: "0 10 ? * MNO *"
        timezone: Asia/Shanghai
        audience:
          segment: { tier: [H] }
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'time.invalid_cron',
        path: 'trigger.cron',
        line: 7,
        message: '"0 10 ? * MNO *" is not a valid cron: a field has a value it cannot read',
      },
    ],
  },
  {
    name: 'when a cron hour is out of range, reports time.invalid_cron with the reason',
    text: yaml`
      id: weekly
      name: Weekly
      description: Weekly touch.
      version: 1
      trigger:
        kind: schedule
        cron: "0 25 ? * MON *"
        timezone: Asia/Shanghai
        audience:
          segment: { tier: [H] }
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'time.invalid_cron',
        path: 'trigger.cron',
        line: 7,
        message: '"0 25 ? * MON *" is not a valid cron',
      },
    ],
  },
  {
    name: 'when the schedule time zone is not an IANA zone, reports time.unknown_zone at it',
    text: yaml`
      id: weekly
      name: Weekly
      description: Weekly touch.
      version: 1
      trigger:
        kind: schedule
        cron: "0 10 ? * MON *"
        timezone: Asia/Beijing
        audience:
          segment: { tier: [H] }
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'time.unknown_zone',
        path: 'trigger.timezone',
        line: 8,
        column: 13,
        message: '"Asia/Beijing" is not an IANA time zone',
      },
    ],
  },
  {
    name: 'when the campaign time zone is not an IANA zone, reports time.unknown_zone at it',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      campaign:
        timezone: China/Shanghai
        dates:
          sale_start: "2027-06-18T00:00"
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'time.unknown_zone',
        path: 'campaign.timezone',
        line: 6,
        message: '"China/Shanghai" is not an IANA time zone',
      },
    ],
  },
  {
    name: 'when a moment names a date the campaign does not define, reports reference.unknown_date with the known dates',
    text: yaml`
      id: retouch
      name: Retouch
      description: Second touch.
      version: 1
      campaign:
        timezone: Asia/Shanghai
        dates:
          sale_start: "2027-06-18T00:00"
      trigger:
        kind: schedule
        at: { date: sale_begin, offset: -1d }
        timezone: Asia/Shanghai
        audience:
          from_run: { journey: preheat-618 }
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'reference.unknown_date',
        path: 'trigger.at.date',
        line: 11,
        column: 15,
        message:
          'refers to campaign date "sale_begin", which campaign.dates does not define (known: sale_start)',
      },
    ],
  },
  {
    name: 'when a moment is relative to a campaign date but there is no campaign, reports reference.unknown_date',
    text: yaml`
      id: retouch
      name: Retouch
      description: Second touch.
      version: 1
      trigger:
        kind: schedule
        at: { date: sale_start, offset: -1d }
        timezone: Asia/Shanghai
        audience:
          from_run: { journey: preheat-618 }
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'reference.unknown_date',
        path: 'trigger.at.date',
        line: 7,
        message: 'refers to campaign date "sale_start" but the journey has no campaign',
      },
    ],
  },
  {
    name: 'when the trigger moment is a day that does not exist, reports time.invalid_date at it',
    text: yaml`
      id: retouch
      name: Retouch
      description: Second touch.
      version: 1
      trigger:
        kind: schedule
        at: "2027-02-30T10:00"
        timezone: Asia/Shanghai
        audience:
          from_run: { journey: preheat-618 }
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'time.invalid_date',
        path: 'trigger.at',
        line: 7,
        message: '"2027-02-30T10:00" is not a real date-time',
      },
    ],
  },
  {
    name: 'when a campaign date does not exist, reports time.invalid_date at that date',
    text: yaml`
      id: retouch
      name: Retouch
      description: Second touch.
      version: 1
      campaign:
        timezone: Asia/Shanghai
        dates:
          sale_start: "2027-02-30T00:00"
      trigger:
        kind: schedule
        at: "2027-02-20T10:00"
        timezone: Asia/Shanghai
        audience:
          from_run: { journey: preheat-618 }
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'time.invalid_date',
        path: 'campaign.dates.sale_start',
        line: 8,
        column: 17,
        message: '"2027-02-30T00:00" is not a real date-time',
      },
    ],
  },
  {
    name: 'when a campaign date does not exist, reports it once, not again at the moments relative to it',
    text: yaml`
      id: retouch
      name: Retouch
      description: Second touch.
      version: 1
      campaign:
        timezone: Asia/Shanghai
        dates:
          sale_start: "2027-02-30T00:00"
      trigger:
        kind: schedule
        at: { date: sale_start, offset: -1d, time: "10:00" }
        timezone: Asia/Shanghai
        audience:
          from_run: { journey: preheat-618 }
      steps:
        - id: wait-for-start
          kind: wait
          until: { date: sale_start }
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'time.invalid_date',
        path: 'campaign.dates.sale_start',
        line: 8,
        column: 17,
        message: '"2027-02-30T00:00" is not a real date-time',
      },
    ],
  },
  {
    name: 'when the campaign time zone is unknown, reports it once, not again at the moments read in it',
    text: yaml`
      id: retouch
      name: Retouch
      description: Second touch.
      version: 1
      campaign:
        timezone: China/Shanghai
        dates:
          sale_start: "2027-06-18T00:00"
      trigger:
        kind: schedule
        at: "2027-06-17T10:00"
        timezone: Asia/Shanghai
        audience:
          from_run: { journey: preheat-618 }
      steps:
        - id: wait-for-start
          kind: wait
          until: { date: sale_start }
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'time.unknown_zone',
        path: 'campaign.timezone',
        line: 6,
        column: 13,
        message: '"China/Shanghai" is not an IANA time zone',
      },
    ],
  },
  {
    name: 'when the campaign time zone is unknown and a moment names an undefined date, reports both',
    text: yaml`
      id: retouch
      name: Retouch
      description: Second touch.
      version: 1
      campaign:
        timezone: China/Shanghai
        dates:
          sale_start: "2027-06-18T00:00"
      trigger:
        kind: schedule
        at: { date: sale_begin }
        timezone: Asia/Shanghai
        audience:
          from_run: { journey: preheat-618 }
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'time.unknown_zone',
        path: 'campaign.timezone',
        line: 6,
        message: '"China/Shanghai" is not an IANA time zone',
      },
      {
        code: 'reference.unknown_date',
        path: 'trigger.at.date',
        line: 11,
        message:
          'refers to campaign date "sale_begin", which campaign.dates does not define (known: sale_start)',
      },
    ],
  },
  {
    name: 'when the trigger moment is not ISO 8601, reports schema.invalid_format with an example',
    text: yaml`
      id: retouch
      name: Retouch
      description: Second touch.
      version: 1
      trigger:
        kind: schedule
        at: "18/06/2027 10:00"
        timezone: Asia/Shanghai
        audience:
          from_run: { journey: preheat-618 }
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.invalid_format',
        path: 'trigger.at',
        line: 7,
        message: 'expected an ISO 8601 date-time such as "2027-06-18T00:00"',
      },
    ],
  },
  {
    name: 'when a campaign-relative time is not HH:MM, reports schema.invalid_format at the time',
    text: yaml`
      id: retouch
      name: Retouch
      description: Second touch.
      version: 1
      campaign:
        timezone: Asia/Shanghai
        dates:
          sale_start: "2027-06-18T00:00"
      trigger:
        kind: schedule
        at: { date: sale_start, time: "8pm" }
        timezone: Asia/Shanghai
        audience:
          from_run: { journey: preheat-618 }
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.invalid_format',
        path: 'trigger.at.time',
        line: 11,
        message: 'expected a 24-hour local time "HH:MM"',
      },
    ],
  },
  {
    name: 'when a campaign-relative offset is not a signed duration, reports schema.invalid_format at the offset',
    text: yaml`
      id: retouch
      name: Retouch
      description: Second touch.
      version: 1
      campaign:
        timezone: Asia/Shanghai
        dates:
          sale_start: "2027-06-18T00:00"
      trigger:
        kind: schedule
        at: { date: sale_start, offset: 1 day }
        timezone: Asia/Shanghai
        audience:
          from_run: { journey: preheat-618 }
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.invalid_format',
        path: 'trigger.at.offset',
        line: 11,
        message: 'expected a signed duration such as "-1d", "+2h" or "0d"',
      },
    ],
  },

  // Step graph
  {
    name: 'when two steps share an id, reports graph.duplicate_id at the second id',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: send-reminder
          kind: send
          channel: email
          template: cart-email
        - id: wait-1d
          kind: wait
          duration: 1d
        - id: send-reminder
          kind: send
          channel: sms
          template: cart-sms
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'graph.duplicate_id',
        path: 'steps[2].id',
        line: 16,
        column: 9,
        message: 'step id "send-reminder" is already used by steps[0]',
      },
    ],
  },
  {
    name: 'when two exit steps share an id, reports graph.duplicate_id at the second id',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: done
          kind: exit
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'graph.duplicate_id',
        path: 'steps[1].id',
        line: 11,
        message: 'step id "done" is already used by steps[0]',
      },
    ],
  },
  {
    name: 'when a branch case leads to an unknown step, reports graph.unknown_step with the known ids',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: route
          kind: branch
          cases:
            - when: { tier: [H] }
              next: vip
          default: done
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'graph.unknown_step',
        path: 'steps[0].cases[0].next',
        line: 13,
        column: 15,
        message: 'no step has id "vip"; expected one of: route, done',
      },
    ],
  },
  {
    name: 'when a branch default is unknown, reports graph.unknown_step at the default',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: route
          kind: branch
          cases:
            - when: { tier: [H] }
              next: done
          default: other
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'graph.unknown_step',
        path: 'steps[0].default',
        line: 14,
        message: 'no step has id "other"; expected one of: route, done',
      },
    ],
  },
  {
    name: 'when a wait_for on_event is unknown, reports graph.unknown_step at on_event',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: wait-for-order
          kind: wait_for
          event: purchase
          timeout: 1d
          on_event: thank-you
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'graph.unknown_step',
        path: 'steps[0].on_event',
        line: 13,
        message: 'no step has id "thank-you"; expected one of: wait-for-order, done',
      },
    ],
  },
  {
    name: 'when a next is misspelled, reports only graph.unknown_step, not the steps it leaves unreached',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: send-email
          kind: send
          channel: email
          template: cart-email
          next: sned-sms
        - id: send-sms
          kind: send
          channel: sms
          template: cart-sms
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'graph.unknown_step',
        path: 'steps[0].next',
        line: 13,
        column: 11,
        message: 'no step has id "sned-sms"; expected one of: send-email, send-sms, done',
      },
    ],
  },
  {
    name: 'when two adjacent steps share an id, reports only graph.duplicate_id, not the loop it seems to make',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: send-reminder
          kind: send
          channel: email
          template: cart-email
        - id: send-reminder
          kind: send
          channel: sms
          template: cart-sms
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'graph.duplicate_id',
        path: 'steps[1].id',
        line: 13,
        column: 9,
        message: 'step id "send-reminder" is already used by steps[0]',
      },
    ],
  },
  {
    name: 'when two adjacent waits share an id and nothing follows, reports only graph.duplicate_id',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: wait-1d
          kind: wait
          duration: 1d
        - id: wait-1d
          kind: wait
          duration: 1d
    `,
    violations: [
      {
        code: 'graph.duplicate_id',
        path: 'steps[1].id',
        line: 12,
        message: 'step id "wait-1d" is already used by steps[0]',
      },
    ],
  },
  {
    name: 'when a split leads to an unknown step and its weights are off, reports both',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: split
          kind: split
          variants:
            - { name: a, weight: 60, next: nowhere }
            - { name: b, weight: 30, next: done }
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'graph.unknown_step',
        path: 'steps[0].variants[0].next',
        line: 12,
        message: 'no step has id "nowhere"',
      },
      {
        code: 'graph.split_weights',
        path: 'steps[0].variants',
        line: 11,
        message: 'split weights add up to 90; expected 100',
      },
    ],
  },
  {
    name: 'when a step is skipped over by next, reports graph.unreachable at that step',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: send-reminder
          kind: send
          channel: email
          template: cart-email
          next: done
        - id: send-sms
          kind: send
          channel: sms
          template: cart-sms
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'graph.unreachable',
        path: 'steps[1]',
        line: 14,
        column: 5,
        message: 'step "send-sms" is never reached: no step leads to it',
      },
    ],
  },
  {
    name: 'when a step follows an exit and nothing links to it, reports graph.unreachable',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: done
          kind: exit
        - id: send-reminder
          kind: send
          channel: email
          template: cart-email
    `,
    violations: [
      {
        code: 'graph.unreachable',
        path: 'steps[1]',
        line: 11,
        message: 'step "send-reminder" is never reached',
      },
    ],
  },
  {
    name: 'when steps loop without a wait, reports graph.loop_without_wait with the loop',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: route
          kind: branch
          cases:
            - when: { tier: [H] }
              next: done
          default: send-reminder
        - id: send-reminder
          kind: send
          channel: email
          template: cart-email
          next: route
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'graph.loop_without_wait',
        path: 'steps[0]',
        line: 9,
        message: 'steps route → send-reminder → route form a loop with no wait or wait_for',
      },
    ],
  },
  {
    name: 'when a wait_for is reached again along its timeout path with no branch between, reports graph.wait_for_in_loop',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: wait-for-order
          kind: wait_for
          event: purchase
          timeout: 1d
          on_event: done
          on_timeout: send-reminder
        - id: send-reminder
          kind: send
          channel: email
          template: cart-email
          next: wait-for-order
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'graph.wait_for_in_loop',
        path: 'steps[0]',
        line: 9,
        message: 'wait_for step "wait-for-order" is reached again by the customers it timed out',
      },
    ],
  },
  {
    name: 'when a loop with a wait has no way out, reports graph.never_ends at every step of it',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: wait-1d
          kind: wait
          duration: 1d
        - id: send-reminder
          kind: send
          channel: email
          template: cart-email
          next: wait-1d
    `,
    violations: [
      {
        code: 'graph.never_ends',
        path: 'steps[0]',
        line: 9,
        message: 'no path from step "wait-1d" reaches an exit or the end of the journey',
      },
      {
        code: 'graph.never_ends',
        path: 'steps[1]',
        line: 12,
        message: 'no path from step "send-reminder" reaches an exit or the end of the journey',
      },
    ],
  },
  {
    name: 'when both ways out of a wait_for lead back to it, reports graph.never_ends for the loop, and the wait_for in it',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: wait-for-order
          kind: wait_for
          event: purchase
          timeout: 1d
          check_every: 1h
          on_event: send-reminder
        - id: send-reminder
          kind: send
          channel: email
          template: cart-email
          next: wait-for-order
    `,
    violations: [
      {
        code: 'graph.never_ends',
        path: 'steps[0]',
        line: 9,
        message: 'no path from step "wait-for-order" reaches an exit',
      },
      {
        code: 'graph.never_ends',
        path: 'steps[1]',
        line: 15,
        message: 'no path from step "send-reminder" reaches an exit',
      },
      {
        code: 'graph.wait_for_in_loop',
        path: 'steps[0]',
        line: 9,
        message: 'wait_for step "wait-for-order" is reached again by the customers it timed out',
      },
    ],
  },
  {
    name: 'when a branch has no cases, reports schema.too_small at the cases',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: route
          kind: branch
          cases: []
          default: done
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.too_small',
        path: 'steps[0].cases',
        line: 11,
        message: 'expected at least one case in a branch',
      },
    ],
  },

  // Splits
  {
    name: 'when split weights add up to 90, reports graph.split_weights at the variants',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: split
          kind: split
          variants:
            - { name: a, weight: 60, next: send-email }
            - { name: b, weight: 30, next: send-sms }
        - id: send-email
          kind: send
          channel: email
          template: cart-email
          next: done
        - id: send-sms
          kind: send
          channel: sms
          template: cart-sms
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'graph.split_weights',
        path: 'steps[0].variants',
        line: 11,
        message: 'split weights add up to 90; expected 100',
      },
    ],
  },
  {
    name: 'when two split variants share a name, reports graph.duplicate_variant at the second name',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: split
          kind: split
          variants:
            - { name: a, weight: 50, next: send-email }
            - { name: a, weight: 50, next: send-sms }
        - id: send-email
          kind: send
          channel: email
          template: cart-email
          next: done
        - id: send-sms
          kind: send
          channel: sms
          template: cart-sms
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'graph.duplicate_variant',
        path: 'steps[0].variants[1].name',
        line: 13,
        column: 17,
        message: 'variant name "a" is used twice in this split',
      },
    ],
  },
  {
    name: 'when a split has one variant, reports schema.too_small at the variants',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: split
          kind: split
          variants:
            - { name: a, weight: 100, next: done }
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.too_small',
        path: 'steps[0].variants',
        line: 11,
        message: 'expected at least two variants in a split',
      },
    ],
  },
  {
    name: 'when a split variant weighs 0, reports schema.too_small at the weight',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: split
          kind: split
          variants:
            - { name: a, weight: 100, next: done }
            - { name: b, weight: 0, next: done }
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.too_small',
        path: 'steps[0].variants[1].weight',
        line: 13,
        message: 'expected a weight above 0',
      },
    ],
  },
  {
    name: 'when a split weight is written as a percent string, reports that a number was expected',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: split
          kind: split
          variants:
            - { name: a, weight: "50%", next: done }
            - { name: b, weight: 50, next: done }
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.invalid_type',
        path: 'steps[0].variants[0].weight',
        line: 12,
        message: 'expected a weight in percent, such as 50',
      },
    ],
  },

  // Waits
  {
    name: 'when a wait has both duration and until, reports that exactly one is expected at the step',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: wait
          kind: wait
          duration: 1d
          until: "2027-06-18T00:00"
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.custom',
        path: 'steps[0]',
        line: 9,
        message: 'expected exactly one of "duration" or "until" on a wait step',
      },
    ],
  },
  {
    name: 'when a wait has neither duration nor until, reports that exactly one is expected at the step',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: wait
          kind: wait
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.custom',
        path: 'steps[0]',
        line: 9,
        message: 'expected exactly one of "duration" or "until" on a wait step',
      },
    ],
  },
  {
    name: 'when a wait waits until a moment before the scheduled start, reports time.campaign_order',
    text: yaml`
      id: retouch
      name: Retouch
      description: Second touch.
      version: 1
      campaign:
        timezone: Asia/Shanghai
        dates:
          sale_start: "2027-06-18T00:00"
      trigger:
        kind: schedule
        at: { date: sale_start, time: "10:00" }
        timezone: Asia/Shanghai
        audience:
          from_run: { journey: preheat-618 }
      steps:
        - id: wait-for-start
          kind: wait
          until: { date: sale_start }
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'time.campaign_order',
        path: 'steps[0].until',
        line: 18,
        message:
          'waits until 2027-06-17T16:00:00Z, but customers reach this step no earlier than 2027-06-18T02:00:00Z',
      },
    ],
  },
  {
    name: 'when earlier waits carry customers past the moment a wait waits for, reports time.campaign_order',
    text: yaml`
      id: retouch
      name: Retouch
      description: Second touch.
      version: 1
      campaign:
        timezone: Asia/Shanghai
        dates:
          sale_start: "2027-06-18T00:00"
      trigger:
        kind: schedule
        at: { date: sale_start, offset: -1d }
        timezone: Asia/Shanghai
        audience:
          from_run: { journey: preheat-618 }
      steps:
        - id: wait-2d
          kind: wait
          duration: 2d
        - id: wait-for-start
          kind: wait
          until: { date: sale_start }
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'time.campaign_order',
        path: 'steps[1].until',
        line: 21,
        message:
          'waits until 2027-06-17T16:00:00Z, but customers reach this step no earlier than 2027-06-18T16:00:00Z',
      },
    ],
  },
  {
    name: 'when a wait lasts over a year, reports time.over_execution_limit at the duration',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: send-reminder
          kind: send
          channel: email
          template: cart-email
        - id: wait-long
          kind: wait
          duration: 53w
    `,
    violations: [
      {
        code: 'time.over_execution_limit',
        path: 'steps[1].duration',
        line: 15,
        column: 15,
        message: 'a wait of 53w is longer than a Step Functions Standard execution can live (1 year, 365d)',
      },
    ],
  },
  {
    name: 'when waits add up to over a year, reports time.over_execution_limit at the step reached too late',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: wait-half
          kind: wait
          duration: 30w
        - id: wait-again
          kind: wait
          duration: 30w
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'time.over_execution_limit',
        path: 'steps[2]',
        line: 15,
        message:
          'customers can reach step "done" 60w after entry, past the 1-year life of a Standard execution',
      },
    ],
  },
  {
    name: 'when the goal window is over a year, reports time.over_execution_limit at goal.within',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      goal:
        event: purchase
        within: 400d
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'time.over_execution_limit',
        path: 'goal.within',
        line: 10,
        message: 'a goal window of 400d is longer than a Step Functions Standard execution can live',
      },
    ],
  },

  {
    name: 'when a wait of over a year has steps after it, reports the wait once and not the steps it delays',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: wait-long
          kind: wait
          duration: 400d
        - id: send-reminder
          kind: send
          channel: email
          template: cart-email
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'time.over_execution_limit',
        path: 'steps[0].duration',
        line: 11,
        column: 15,
        message: 'a wait of 400d is longer than a Step Functions Standard execution can live (1 year, 365d)',
      },
    ],
  },
  {
    name: 'when a wait_for timeout is over a year, reports the timeout once, as written',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: wait-for-order
          kind: wait_for
          event: purchase
          timeout: 400d
          check_every: 1d
          on_event: done
        - id: send-reminder
          kind: send
          channel: email
          template: cart-email
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'time.over_execution_limit',
        path: 'steps[0].timeout',
        line: 12,
        column: 14,
        message:
          'a timeout of 400d is longer than a Step Functions Standard execution can live (1 year, 365d)',
      },
    ],
  },
  {
    name: 'when waits add up past a year for several steps, reports only the first step reached too late',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: wait-half
          kind: wait
          duration: 30w
        - id: wait-again
          kind: wait
          duration: 30w
        - id: send-reminder
          kind: send
          channel: email
          template: cart-email
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'time.over_execution_limit',
        path: 'steps[2]',
        line: 15,
        column: 5,
        message:
          'customers can reach step "send-reminder" 60w after entry, past the 1-year life of a Standard execution; shorten the waits before it',
      },
    ],
  },
  {
    name: 'when the goal window is over a year and the waits add up past it too, reports only the goal window',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      goal:
        event: purchase
        within: 53w
      steps:
        - id: wait-half
          kind: wait
          duration: 30w
        - id: wait-again
          kind: wait
          duration: 30w
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'time.over_execution_limit',
        path: 'goal.within',
        line: 10,
        message: 'a goal window of 53w is longer than a Step Functions Standard execution can live',
      },
    ],
  },
  // cohort windows
  {
    name: 'when an event cohort window does not divide a day, reports time.invalid_cohort_window',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
        cohort_window: 7m
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'time.invalid_cohort_window',
        path: 'trigger.cohort_window',
        line: 8,
        column: 18,
        message: 'cohort_window "7m" does not divide a day into whole minutes',
      },
    ],
  },
  {
    name: 'when an event cohort window is not whole minutes, reports time.invalid_cohort_window',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
        cohort_window: 90s
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'time.invalid_cohort_window',
        path: 'trigger.cohort_window',
        line: 8,
        column: 18,
        message: 'cohort_window "90s" does not divide a day into whole minutes',
      },
    ],
  },
  {
    name: 'when a scheduled journey sets a cohort window, reports the unknown key',
    text: yaml`
      id: preheat
      name: Preheat
      description: Warms up the audience.
      version: 1
      trigger:
        kind: schedule
        at: "2027-06-11T10:00"
        timezone: Asia/Shanghai
        cohort_window: 1h
        audience:
          segment: { attribute: tier, op: eq, value: H }
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.unknown_field',
        path: 'trigger.cohort_window',
        line: 9,
        message: 'unknown field "cohort_window"',
      },
    ],
  },
  // wait_for checks
  {
    name: 'when a wait_for checks more often than once a minute, reports time.check_too_frequent',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: wait-for-order
          kind: wait_for
          event: purchase
          timeout: 1h
          check_every: 30s
          on_event: done
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'time.check_too_frequent',
        path: 'steps[0].check_every',
        line: 13,
        column: 18,
        message: 'check_every "30s" is below one minute',
      },
    ],
  },
  {
    name: 'when a wait_for checks less often than its timeout, reports time.check_after_timeout',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: wait-for-order
          kind: wait_for
          event: purchase
          timeout: 1h
          check_every: 2h
          on_event: done
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'time.check_after_timeout',
        path: 'steps[0].check_every',
        line: 13,
        message: 'check_every "2h" is longer than the timeout "1h"; expected at most the timeout',
      },
    ],
  },
  {
    name: 'when a wait_for timeout is shorter than the default check of 15m, reports time.check_after_timeout at the step',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: wait-for-order
          kind: wait_for
          event: purchase
          timeout: 10m
          on_event: done
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'time.check_after_timeout',
        path: 'steps[0].check_every',
        line: 9,
        message: 'check_every (default "15m") is longer than the timeout "10m"; expected at most the timeout',
      },
    ],
  },
  {
    name: 'when a wait_for would check over 1000 times, reports time.too_many_checks with a slower interval',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: wait-for-order
          kind: wait_for
          event: purchase
          timeout: 30d
          check_every: 15m
          on_event: done
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'time.too_many_checks',
        path: 'steps[0].check_every',
        line: 13,
        message:
          'checking every 15m for 30d makes 2880 checks; an execution has room for 1000, so check less often (at least every 44m)',
      },
    ],
  },

  {
    name: 'when a long wait_for checks at the default interval, reports time.too_many_checks at the step',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: wait-for-order
          kind: wait_for
          event: purchase
          timeout: 30d
          on_event: done
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'time.too_many_checks',
        path: 'steps[0].check_every',
        line: 9,
        column: 5,
        message: 'for 30d makes 2880 checks; an execution has room for 1000',
      },
    ],
  },
  // References to the catalog
  {
    name: 'when a send step names an unknown template, reports reference.unknown_template at the template field',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: send-reminder
          kind: send
          channel: email
          template: cart-mail
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'reference.unknown_template',
        path: 'steps[0].template',
        line: 12,
        column: 15,
        message: 'no template has id "cart-mail"; expected one of: cart-email, cart-sms, coupon-sms',
      },
    ],
  },
  {
    name: 'when a send step presents an unknown offer, reports reference.unknown_offer at the offer field',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: send-reminder
          kind: send
          channel: email
          template: cart-email
          offer: cart-coupon-99
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'reference.unknown_offer',
        path: 'steps[0].offer',
        line: 13,
        message: 'no offer has id "cart-coupon-99"; expected one of: bonus-points, cart-coupon',
      },
    ],
  },
  {
    name: 'when a grant step names an unknown offer, reports reference.unknown_offer at the offer field',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: grant-points
          kind: grant
          offer: points-500
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'reference.unknown_offer',
        path: 'steps[0].offer',
        line: 11,
        message: 'no offer has id "points-500"; expected one of: bonus-points, cart-coupon',
      },
    ],
  },
  {
    name: 'when a send step uses a template of another channel, reports reference.channel_mismatch at the template',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: send-reminder
          kind: send
          channel: sms
          template: cart-email
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'reference.channel_mismatch',
        path: 'steps[0].template',
        line: 12,
        message: 'template "cart-email" is written for email, but this step sends by sms',
      },
    ],
  },
  {
    name: 'when a send step uses offer placeholders without an offer, reports reference.template_needs_offer at the template',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: send-coupon
          kind: send
          channel: sms
          template: coupon-sms
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'reference.template_needs_offer',
        path: 'steps[0].template',
        line: 12,
        message: 'template "coupon-sms" uses {{offer_name}} and {{offer_amount}}, but this step has no offer',
      },
    ],
  },
  {
    name: 'when from_run names an unknown journey, reports reference.unknown_journey with the known ids',
    text: yaml`
      id: retouch
      name: Retouch
      description: Second touch.
      version: 1
      trigger:
        kind: schedule
        at: "2027-06-21T10:00"
        timezone: Asia/Shanghai
        audience:
          from_run: { journey: preheat-619 }
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'reference.unknown_journey',
        path: 'trigger.audience.from_run.journey',
        line: 10,
        column: 26,
        message: 'no journey has id "preheat-619"; expected one of: preheat-618',
      },
    ],
  },

  // Audiences
  {
    name: 'when a schedule audience asks for an event since entry, reports audience.since_entry at the since',
    text: yaml`
      id: retouch
      name: Retouch
      description: Second touch.
      version: 1
      trigger:
        kind: schedule
        at: "2027-06-21T10:00"
        timezone: Asia/Shanghai
        audience:
          segment: { event: purchase, since: entry }
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'audience.since_entry',
        path: 'trigger.audience.segment.since',
        line: 10,
        column: 40,
        message:
          'an audience is chosen before customers enter, so "since: entry" has nothing to count from; use "within: <duration>"',
      },
    ],
  },
  {
    name: 'when since entry is nested in the audience under and, not and or, reports each one at its since',
    text: yaml`
      id: retouch
      name: Retouch
      description: Second touch.
      version: 1
      trigger:
        kind: schedule
        cron: "0 10 ? * MON *"
        timezone: Asia/Shanghai
        audience:
          from_run: { journey: preheat-618 }
          segment:
            and:
              - { tier: [H] }
              - not: { event: purchase, since: entry }
              - or:
                  - { event: add_to_cart, within: 1d }
                  - { event: add_to_cart, since: entry }
      steps:
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'audience.since_entry',
        path: 'trigger.audience.segment.and[1].not.since',
        line: 14,
        message: 'so "since: entry" has nothing to count from',
      },
      {
        code: 'audience.since_entry',
        path: 'trigger.audience.segment.and[2].or[1].since',
        line: 17,
        message: 'so "since: entry" has nothing to count from',
      },
    ],
  },

  // Other step rules
  {
    name: 'when an update step sets nothing, reports that set, add_tags or remove_tags is expected',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: tag
          kind: update
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'schema.custom',
        path: 'steps[0]',
        line: 9,
        message: 'expected at least one of "set", "add_tags" or "remove_tags" on an update step',
      },
    ],
  },
  {
    name: 'when a wait_for waits for the goal event, reports graph.goal_shadows_wait_for at its event',
    text: yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      goal:
        event: purchase
        within: 3d
      steps:
        - id: wait-for-order
          kind: wait_for
          event: purchase
          timeout: 1d
          on_event: done
        - id: done
          kind: exit
    `,
    violations: [
      {
        code: 'graph.goal_shadows_wait_for',
        path: 'steps[0].event',
        line: 14,
        column: 12,
        message: 'the goal event is also "purchase"',
      },
    ],
  },
];

describe('checkJourneyText on malformed journeys', () => {
  test('the valid base journeys produce a journey and no violations', () => {
    // Act
    const eventJourney = checkJourneyText(FILE, VALID_EVENT_JOURNEY, catalog);
    const scheduledJourney = checkJourneyText(FILE, VALID_SCHEDULED_JOURNEY, catalog);

    // Assess
    expect(eventJourney.violations).toEqual([]);
    expect(eventJourney.journey?.id).toBe('cart-nudge');
    expect(scheduledJourney.violations).toEqual([]);
    expect(scheduledJourney.journey?.id).toBe('retouch');
  });

  test.each([
    [
      'a cron with spaces around it',
      yaml`
        id: weekly
        name: Weekly
        description: Weekly touch.
        version: 1
        trigger:
          kind: schedule
          cron: " 0 10 ? * MON * "
          timezone: Asia/Shanghai
          audience:
            segment: { tier: [H] }
        steps:
          - id: done
            kind: exit
      `,
    ],
    [
      'a schedule audience that counts events within a duration',
      yaml`
        id: retouch
        name: Retouch
        description: Second touch.
        version: 1
        trigger:
          kind: schedule
          at: "2027-06-21T10:00"
          timezone: Asia/Shanghai
          audience:
            segment: { not: { event: purchase, within: 7d } }
        steps:
          - id: done
            kind: exit
      `,
    ],
    [
      'a branch on an event since entry, which counts from each customer entering',
      yaml`
        id: cart-nudge
        name: Cart nudge
        description: Nudges carts left behind.
        version: 1
        trigger:
          kind: event
          event: add_to_cart
        steps:
          - id: route
            kind: branch
            cases:
              - when: { event: purchase, since: entry }
                next: done
            default: done
          - id: done
            kind: exit
      `,
    ],
    [
      'waits that add up to just under a year',
      yaml`
        id: cart-nudge
        name: Cart nudge
        description: Nudges carts left behind.
        version: 1
        trigger:
          kind: event
          event: add_to_cart
        steps:
          - id: wait-half
            kind: wait
            duration: 26w
          - id: wait-again
            kind: wait
            duration: 26w1d
          - id: done
            kind: exit
      `,
    ],
  ])('accepts %s', (_name, text) => {
    const result = checkJourneyText(FILE, text, catalog);
    expect(result.violations).toEqual([]);
    expect(result.journey).toBeDefined();
  });

  test('leaves an unwritten check_every unwritten in the parsed journey', () => {
    // Prepare
    const text = yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: wait-for-order
          kind: wait_for
          event: purchase
          timeout: 1d
          on_event: done
        - id: done
          kind: exit
    `;

    // Act
    const result = checkJourneyText(FILE, text, catalog);

    // Assess
    expect(result.violations).toEqual([]);
    const step = result.journey?.steps[0];
    expect(step?.kind === 'wait_for' && step.check_every).toBeUndefined();
  });

  test('there are at least 40 distinct malformed journeys', () => {
    expect(new Set(cases.map((entry) => entry.text)).size).toBe(cases.length);
    expect(new Set(cases.map((entry) => entry.name)).size).toBe(cases.length);
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  // '%s' prints the whole name; '$name' would cut it short.
  test.each(cases.map((entry) => [entry.name, entry] as const))('%s', (_name, { text, violations }) => {
    // Act
    const result = checkJourneyText(FILE, text, catalog);

    // Assess
    expect(result.journey).toBeUndefined();
    expect(result.violations).toHaveLength(violations.length);
    expect(located(result.violations, violations)).toEqual(expectedShape(violations));
    for (const violation of result.violations) expect(violation.file).toBe(FILE);
  });

  test('reports every rule violation at once, not only the first', () => {
    // Prepare
    const text = yaml`
      id: cart-nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 1
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: grant-coupon
          kind: grant
          offer: cart-coupon-99
        - id: send-reminder
          kind: send
          channel: push
          template: cart-email
        - id: wait-for-order
          kind: wait_for
          event: purchase
          timeout: 1d
          check_every: 10s
          on_event: done
        - id: done
          kind: exit
    `;

    // Act
    const result = checkJourneyText(FILE, text, catalog);

    // Assess
    expect(result.journey).toBeUndefined();
    expect(
      result.violations.map((violation) => [violation.code, formatPath(violation.path), violation.line]),
    ).toEqual([
      ['reference.unknown_offer', 'steps[0].offer', 11],
      ['reference.channel_mismatch', 'steps[1].template', 15],
      ['time.check_too_frequent', 'steps[2].check_every', 20],
    ]);
  });

  test('reports every schema violation at once, not only the first', () => {
    // Prepare
    const text = yaml`
      id: Cart-Nudge
      name: Cart nudge
      description: Nudges carts left behind.
      version: 0
      trigger:
        kind: event
        event: add_to_cart
      steps:
        - id: send-reminder
          kind: send
          channel: fax
          template: cart-email
    `;

    // Act
    const result = checkJourneyText(FILE, text, catalog);

    // Assess
    expect(result.journey).toBeUndefined();
    expect(
      result.violations.map((violation) => [violation.code, formatPath(violation.path), violation.line]),
    ).toEqual([
      ['schema.invalid_format', 'id', 1],
      ['schema.too_small', 'version', 4],
      ['schema.invalid_value', 'steps[0].channel', 11],
    ]);
  });
});
