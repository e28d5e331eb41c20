import type { Command } from 'commander';
import { z } from 'zod';
import type { Journey } from '../workflows/schema/index.ts';
import { holdoutShareNeeded, minimumDetectableEffect } from '../workflows/statistics/power.ts';

/** What `journeys validate --explain` assumes when a flag is not given. */
export const DEFAULT_POWER_ASSUMPTIONS = { customers: 10_000, baseRate: 0.04, effect: 0.01, power: 0.8 };

/** The flags of `--explain`: optional, so that a flag given without `--explain` can be refused. */
export const PowerOptions = {
  explain: z.boolean().default(false),
  customers: z.coerce
    .number({ error: 'expected the customers entering each journey as a whole number' })
    .int({ error: 'expected the customers entering each journey as a whole number' })
    .min(2, { error: 'expected at least 2 customers: one treated and one held out' })
    .max(1_000_000_000, { error: 'expected at most 1,000,000,000 customers' })
    .optional(),
  baseRate: z.coerce
    .number({ error: 'expected the base rate as a proportion, such as 0.04 for 4%' })
    .gt(0, { error: 'expected a base rate above 0, such as 0.04 for 4%' })
    .lt(1, { error: 'expected a base rate below 1: write 4% as 0.04' })
    .optional(),
  effect: z.coerce
    .number({ error: 'expected the effect as a difference of rates, such as 0.01 for +1 point' })
    .gt(0, { error: 'expected an effect above 0, such as 0.01 for +1 point' })
    .lt(1, { error: 'expected an effect below 1: write +1 point as 0.01' })
    .optional(),
  power: z.coerce
    .number({ error: 'expected the power as a proportion, such as 0.8' })
    .gt(0.5, { error: 'expected a power above 0.5, such as 0.8' })
    .lt(1, { error: 'expected a power below 1, such as 0.8' })
    .optional(),
};

type PowerFlags = {
  explain: boolean;
  customers?: number | undefined;
  baseRate?: number | undefined;
  effect?: number | undefined;
  power?: number | undefined;
};

/** The assumptions of the flags given, defaults for the rest. */
export function powerAssumptions(flags: PowerFlags): typeof DEFAULT_POWER_ASSUMPTIONS {
  return {
    customers: flags.customers ?? DEFAULT_POWER_ASSUMPTIONS.customers,
    baseRate: flags.baseRate ?? DEFAULT_POWER_ASSUMPTIONS.baseRate,
    effect: flags.effect ?? DEFAULT_POWER_ASSUMPTIONS.effect,
    power: flags.power ?? DEFAULT_POWER_ASSUMPTIONS.power,
  };
}

/** Refuses power flags without `--explain`, and a base rate and effect that add up to 1 or more. */
export function checkPowerFlags(flags: PowerFlags, ctx: z.RefinementCtx): void {
  const given = (['customers', 'baseRate', 'effect', 'power'] as const).filter(
    (name) => flags[name] !== undefined,
  );
  if (!flags.explain && given.length > 0)
    ctx.addIssue({
      code: 'custom',
      path: ['explain'],
      message: `expected --explain with ${given.map((name) => `--${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`).join(', ')}, which only say what it assumes`,
    });
  const { baseRate, effect } = powerAssumptions(flags);
  // Only once each is a rate: a base rate of 4 is already refused as such.
  if (baseRate > 0 && baseRate < 1 && effect > 0 && effect < 1 && baseRate + effect >= 1)
    ctx.addIssue({
      code: 'custom',
      path: ['effect'],
      message: `expected the base rate plus the effect below 1, got ${baseRate} + ${effect}`,
    });
}

/** Adds `--explain` and its assumptions to `journeys validate`. */
export function withPowerFlags(command: Command): Command {
  return command
    .option(
      '--explain',
      "also print each journey's power: the lift its holdout can detect, and the holdout a lift needs",
    )
    .option(
      '--customers <n>',
      'with --explain: customers entering each journey, holdout included (default: 10000)',
    )
    .option(
      '--base-rate <p>',
      "with --explain: the conversion rate without the journey, the holdout's (default: 0.04)",
    )
    .option(
      '--effect <p>',
      'with --explain: the lift to detect, as a difference of rates (default: 0.01, +1 point)',
    )
    .option(
      '--power <p>',
      'with --explain: the chance of detecting that lift when it is there (default: 0.8)',
    )
    .addHelpText(
      'after',
      [
        'Power (--explain), for a journey entered by 50,000 customers who convert at 3% without it:',
        '  journeys validate --explain --customers 50000 --base-rate 0.03 --effect 0.005',
        'prints, for each journey, the smallest lift its holdout detects and the holdout a +0.5 point lift needs',
        '(two-sided test at 95% confidence; docs/metrics.md, "Power").',
        '',
      ].join('\n'),
    );
}

export interface JourneyPower {
  readonly journeyId: string;
  readonly holdoutPercent: number;
  readonly customers: number;
  readonly baseRate: number;
  readonly effect: number;
  readonly power: number;
  readonly confidence: number;
  /** The smallest lift detectable at the journey's holdout; null without a holdout, or when none is. */
  readonly minimumDetectableEffect: number | null;
  /** The holdout share that detects `effect`; null when even half the customers is too few. */
  readonly holdoutShareNeeded: number | null;
}

const CONFIDENCE = 0.95;

/** Each journey's power for the assumptions given (Fleiss, Levin & Paik; workflows/statistics/power.ts). */
export function journeyPower(
  journey: Pick<Journey, 'id' | 'holdout'>,
  assumptions: { customers: number; baseRate: number; effect: number; power: number },
): JourneyPower {
  const question = { ...assumptions, confidence: CONFIDENCE };
  const holdoutPercent = journey.holdout ?? 0;
  const detectable = holdoutPercent > 0 ? minimumDetectableEffect(question, holdoutPercent / 100) : undefined;
  const needed = holdoutShareNeeded(question, assumptions.effect);
  return {
    journeyId: journey.id,
    holdoutPercent,
    ...assumptions,
    confidence: CONFIDENCE,
    minimumDetectableEffect: detectable ?? null,
    holdoutShareNeeded: needed ?? null,
  };
}

const points = (rate: number) => `${(rate * 100).toFixed(2)} pts`;
const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
const count = (value: number) => Math.round(value).toLocaleString('en-US');

/** A journey's power in three lines a marketer can read. */
export function formatJourneyPower(power: JourneyPower): string {
  const level = `${count(power.power * 100)}% power, 95% confidence`;
  const header = `${power.journeyId}: ${count(power.customers)} customers at a ${percent(power.baseRate)} base rate`;
  const detects =
    power.holdoutPercent === 0
      ? '  no holdout, so no lift can be measured'
      : power.minimumDetectableEffect === null
        ? `  its ${power.holdoutPercent}% holdout (${count((power.customers * power.holdoutPercent) / 100)} customers) detects no lift at ${level}`
        : `  its ${power.holdoutPercent}% holdout (${count((power.customers * power.holdoutPercent) / 100)} customers) detects a lift of +${points(power.minimumDetectableEffect)} or more at ${level}`;
  const needs =
    power.holdoutShareNeeded === null
      ? `  a lift of +${points(power.effect)} is not detectable at this size, even with half the customers held out`
      : `  a lift of +${points(power.effect)} needs a holdout of ${percent(power.holdoutShareNeeded)} (${count(power.customers * power.holdoutShareNeeded)} customers)`;
  return [header, detects, needs].join('\n');
}
