import { z } from 'zod';
import { Condition, PropertyCondition } from './condition.ts';
import { JourneyLimits, OpeningHours, QuietHours } from './limits.ts';
import { Duration, EventName, Id } from './primitives.ts';
import { Step } from './steps.ts';
import { Campaign } from './time.ts';
import { Trigger } from './trigger.ts';

/** The most steps a journey holds. */
export const MAX_STEPS = 200;

export const EntryRules = z
  .strictObject({
    reentry: z
      .union(
        [z.literal('never'), z.strictObject({ after: Duration.describe('The cooldown before re-entry.') })],
        {
          error: 'expected "never" or { after: <duration> }',
        },
      )
      .default('never')
      .describe(
        'Whether a customer may enter again: never, or after a cooldown since the last entry. @default "never"',
      ),
    max_entries: z
      .number({ error: 'expected a whole number of entries such as 3' })
      .int({ error: 'expected a whole number of entries such as 3' })
      .min(1, { error: 'expected at least 1 entry' })
      .max(1_000, { error: 'expected at most 1000 entries' })
      .optional()
      .describe(
        'At most this many entries per customer, ever, beside the re-entry cooldown: a customer who entered that often is not let in again. @default no limit but the re-entry rule',
      ),
    only: Condition.optional().describe(
      'Only customers whose profile matches enter, checked when their cohort starts: e.g. ' +
        '{ attribute: orderCount, op: eq, value: 0 } for a first-purchase journey. The others are ' +
        'counted as excluded.',
    ),
  })
  .describe('Entry rules.');
export type EntryRules = z.infer<typeof EntryRules>;

export const Goal = z
  .strictObject({
    event: EventName.describe('The conversion event, e.g. "purchase".'),
    within: Duration.describe('The conversion window from entry.'),
    where: z
      .array(PropertyCondition)
      .optional()
      .describe('Conditions on the event properties; all must hold.'),
  })
  .describe('Customers who do the event leave the journey at the next step and count as converted.');
export type Goal = z.infer<typeof Goal>;

export const Journey = z
  .strictObject({
    $schema: z.string().optional().describe('Path to the JSON Schema, for editors.'),
    id: Id.describe('The journey id, kebab-case; the file is named <id>.journey.yaml.'),
    name: z
      .string()
      .min(1, { error: 'expected a non-empty name' })
      .max(120)
      .describe('A human name for reports and diagrams.'),
    description: z
      .string()
      .min(1, { error: 'expected a non-empty description' })
      .describe('What the journey is for, in a sentence or two.'),
    version: z
      .number({ error: 'expected a whole version number such as 1' })
      .int({ error: 'expected a whole version number such as 1' })
      .positive({ error: 'expected a version of 1 or more' })
      .describe('Raise it when you change the journey; runs record the version they ran.'),
    campaign: Campaign.optional(),
    trigger: Trigger.describe('What starts the journey: an event, or a schedule with an audience.'),
    entry: EntryRules.default({ reentry: 'never' }),
    goal: Goal.optional(),
    limits: JourneyLimits.optional(),
    quiet_hours: QuietHours.optional(),
    opening_hours: OpeningHours.optional(),
    holdout: z
      .number({ error: 'expected a holdout percentage such as 10' })
      .min(0, { error: 'expected a holdout percentage of 0 or more' })
      .max(50, { error: 'expected a holdout percentage of at most 50' })
      .default(0)
      .describe('Percent of entrants held out: they get nothing and are tracked to measure lift. @default 0'),
    steps: z
      .array(Step)
      .min(1, { error: 'expected at least one step' })
      // Each step becomes a few states, and a state machine's definition is at most 1 MB.
      .max(MAX_STEPS, { error: `expected at most ${MAX_STEPS} steps; split the journey in two` })
      .describe(`The steps, linked by id; see Steps. At most ${MAX_STEPS}.`),
  })
  .describe('A customer journey: who enters, and the steps they go through.');
export type Journey = z.infer<typeof Journey>;
export type JourneyInput = z.input<typeof Journey>;
