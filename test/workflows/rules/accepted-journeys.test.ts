import { describe, expect, test } from 'vitest';
import { checkJourneyText } from '../../../workflows/workspace/validate-text.ts';
import { fixtureCatalog } from '../../support/fixture-catalog.ts';

/** Journey text written inline: drops the first line break and the indentation common to all lines. */
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

const catalog = fixtureCatalog();

const FILE = 'accepted.journey.yaml';

/** A valid event-triggered journey; most of test/fixtures/malformed are small changes to this shape. */
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

describe('checkJourneyText on journeys it accepts', () => {
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
});
