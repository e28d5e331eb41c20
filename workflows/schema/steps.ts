import { z } from 'zod';
import { Condition, PropertyCondition } from './condition.ts';
import { AttributeName, Channel, Duration, discriminatorError, EventName, Id, Scalar } from './primitives.ts';
import { Moment } from './time.ts';

const stepBase = {
  id: Id.describe('The step id, unique in the journey. Other steps link to it.'),
  label: z.string().max(80).optional().describe('A short human label for diagrams and outlines.'),
};

const Next = Id.optional().describe(
  'The step that follows. @default the next step in the list; after the last one, the journey ends',
);

export const WaitStep = z
  .strictObject({
    ...stepBase,
    kind: z.literal('wait'),
    duration: Duration.optional().describe('Waits this long, e.g. "1d".'),
    until: Moment.optional().describe(
      'Waits until this moment, e.g. { date: sale_start, offset: -1d, time: "20:00" }.',
    ),
    next: Next,
  })
  .superRefine((step, ctx) => {
    if ((step.duration === undefined) === (step.until === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'expected exactly one of "duration" or "until" on a wait step',
      });
    }
  })
  .describe('Holds the whole cohort for a duration or until a moment.');
export type WaitStep = z.infer<typeof WaitStep>;

/** How often a wait_for checks when the step does not say. */
export const DEFAULT_CHECK_EVERY = '15m';

export const WaitForStep = z
  .strictObject({
    ...stepBase,
    kind: z.literal('wait_for'),
    event: EventName.describe('The event to wait for.'),
    where: z
      .array(PropertyCondition)
      .optional()
      .describe('Conditions on the event properties; all must hold.'),
    timeout: Duration.describe('How long to wait before the timeout path.'),
    check_every: Duration.optional().describe(
      `How often the cohort is checked for the event. @default "${DEFAULT_CHECK_EVERY}"`,
    ),
    on_event: Id.describe('The step for customers who did the event.'),
    on_timeout: Next.describe(
      'The step for customers still waiting at the timeout. @default the next step in the list',
    ),
  })
  .describe('Moves customers who do an event to on_event at each check; the rest go to on_timeout.');
export type WaitForStep = z.infer<typeof WaitForStep>;

export function checkEvery(step: WaitForStep): string {
  return step.check_every ?? DEFAULT_CHECK_EVERY;
}

export const BranchCase = z.strictObject({
  when: Condition,
  next: Id.describe('The step for customers matching this case.'),
});
export type BranchCase = z.infer<typeof BranchCase>;

export const BranchStep = z
  .strictObject({
    ...stepBase,
    kind: z.literal('branch'),
    cases: z.array(BranchCase).min(1, { error: 'expected at least one case in a branch' }),
    default: Id.describe('The step for customers matching no case.'),
  })
  .describe('Sends each customer to the first case whose condition holds, or to the default.');
export type BranchStep = z.infer<typeof BranchStep>;

export const SplitVariant = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_-]*$/, {
    error: 'expected a short lowercase variant name such as "a" or "control"',
  }),
  weight: z
    .number({ error: 'expected a weight in percent, such as 50' })
    .positive({ error: 'expected a weight above 0' })
    .max(100, { error: 'expected a weight of at most 100' }),
  next: Id.describe('The step for customers in this variant.'),
});
export type SplitVariant = z.infer<typeof SplitVariant>;

export const SplitStep = z
  .strictObject({
    ...stepBase,
    kind: z.literal('split'),
    variants: z.array(SplitVariant).min(2, { error: 'expected at least two variants in a split' }),
  })
  .describe('Random A/B/n split by weights (percent, summing to 100), deterministic per customer.');
export type SplitStep = z.infer<typeof SplitStep>;

export const HoldoutStep = z
  .strictObject({
    ...stepBase,
    kind: z.literal('holdout'),
    percent: z
      .number({ error: 'expected a holdout percentage such as 10' })
      .gt(0, { error: 'expected a holdout percentage above 0' })
      .lt(100, { error: 'expected a holdout percentage below 100 (an exit stops everyone)' })
      .describe(
        'Percent of the customers reaching this step who stop here, chosen by a stable hash of the journey, step and customer.',
      ),
    next: Next,
  })
  .describe(
    'Holds out a share of the customers who reach it: they stop here and are tracked beside those who go on, so the funnel measures the lift of the rest of the journey.',
  );
export type HoldoutStep = z.infer<typeof HoldoutStep>;

export const SendStep = z
  .strictObject({
    ...stepBase,
    kind: z.literal('send'),
    channel: Channel,
    template: Id.describe('A template id from workflows/templates/.'),
    offer: Id.optional().describe('An offer id from workflows/offers/ that the message presents.'),
    only_holders: z
      .boolean()
      .default(false)
      .describe(
        'Send only to customers a grant step of this run gave the offer to; the others count as ' +
          '"skipped: no offer" (a once-ever gift they already had is not theirs again). @default false',
      ),
    next: Next,
  })
  .describe('Sends one message per customer, respecting consent, quiet hours and frequency caps.');
export type SendStep = z.infer<typeof SendStep>;

export const GrantStep = z
  .strictObject({
    ...stepBase,
    kind: z.literal('grant'),
    offer: Id.describe('An offer id from workflows/offers/.'),
    once_per_customer: z
      .boolean()
      .default(false)
      .describe('Grant this offer at most once per customer, ever, across runs and journeys. @default false'),
    next: Next,
  })
  .describe('Grants an offer (coupon or points) to each customer.');
export type GrantStep = z.infer<typeof GrantStep>;

export const UpdateStep = z
  .strictObject({
    ...stepBase,
    kind: z.literal('update'),
    set: z.record(AttributeName, Scalar).optional().describe('Profile attributes to set.'),
    add_tags: z.array(z.string().min(1)).optional().describe('Tags to add to the profile.'),
    remove_tags: z.array(z.string().min(1)).optional().describe('Tags to remove from the profile.'),
    next: Next,
  })
  .refine((step) => step.set !== undefined || step.add_tags !== undefined || step.remove_tags !== undefined, {
    error: 'expected at least one of "set", "add_tags" or "remove_tags" on an update step',
  })
  .describe('Sets profile attributes or tags.');
export type UpdateStep = z.infer<typeof UpdateStep>;

export const ExitStep = z
  .strictObject({ ...stepBase, kind: z.literal('exit') })
  .describe('Ends the journey for the customers who reach it.');
export type ExitStep = z.infer<typeof ExitStep>;

export const Step = z.discriminatedUnion(
  'kind',
  [WaitStep, WaitForStep, BranchStep, SplitStep, HoldoutStep, SendStep, GrantStep, UpdateStep, ExitStep],
  {
    error: discriminatorError(
      'expected kind to be one of wait, wait_for, branch, split, holdout, send, grant, update, exit',
    ),
  },
);
export type Step = z.infer<typeof Step>;
export type StepKind = Step['kind'];
