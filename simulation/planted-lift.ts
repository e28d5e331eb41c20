import { type BehaviourModel, DEFAULT_BEHAVIOUR, MAX_CHANCE, type Segment } from './behaviour.ts';

/**
 * A lift planted in the behaviour model, for a journey that sends one message to its whole audience
 * when the simulation starts and attributes orders over the simulated days (bench/planted-lift/).
 */
export interface PlantedLift {
  /** Every customer's daily chance to order, whatever their segment. */
  readonly dailyPurchase: number;
  /** The message multiplies that chance by this, for as long as the simulation lasts. */
  readonly touchUplift: number;
  /** Simulated days, all of them inside the journey's attribution window. */
  readonly days: number;
}

/** The exact chances to order at least once in the attribution window, and the true lift between them. */
export interface PlantedRates {
  readonly treated: number;
  readonly holdout: number;
  /** treated − holdout: the difference of proportions that the lift's interval estimates. */
  readonly lift: number;
}

const bySegment = (value: number): Record<Segment, number> => ({
  H: value,
  E: value,
  A: value,
  guest: value,
});

/**
 * The behaviour model of the planted lift: no carts and no sale, one daily chance to order for
 * everyone, and a message that multiplies it by `touchUplift` without fading until the end. Each
 * customer's day is drawn from a seeded stream of its own, so customers are independent.
 */
export function plantedBehaviour(plant: PlantedLift): BehaviourModel {
  checkPlant(plant);
  return {
    ...DEFAULT_BEHAVIOUR,
    addToCart: bySegment(0),
    purchaseAfterCart: bySegment(0),
    directPurchase: bySegment(plant.dailyPurchase),
    saleCartMultiplier: 1,
    salePurchaseMultiplier: 1,
    touchUplift: plant.touchUplift,
    offerTouchUplift: plant.touchUplift,
    touchDecayPerDay: 1,
    touchWindowDays: plant.days + 1,
    maxUplift: plant.touchUplift,
    couponUplift: 1,
    topUpShare: 0,
  };
}

/**
 * The chance of at least one order in the window. A day's orders are drawn when the day begins,
 * from the messages delivered by then, so the message the journey sends on day 1 (every customer
 * is reached that day: quiet hours defer it by 11 hours at most) moves days 2 to `days`:
 * holdout 1 − (1 − d)^days, treated 1 − (1 − d)·(1 − u·d)^(days − 1).
 */
export function plantedRates(plant: PlantedLift): PlantedRates {
  checkPlant(plant);
  const { dailyPurchase: d, touchUplift: u, days } = plant;
  const holdout = 1 - (1 - d) ** days;
  const treated = 1 - (1 - d) * (1 - u * d) ** (days - 1);
  return { treated, holdout, lift: treated - holdout };
}

function checkPlant(plant: PlantedLift): void {
  const { dailyPurchase, touchUplift, days } = plant;
  if (!(dailyPurchase > 0 && touchUplift >= 1 && dailyPurchase * touchUplift < MAX_CHANCE))
    throw new RangeError(
      `expected a daily chance above 0 and an uplift of at least 1 whose product stays below ${MAX_CHANCE}, got ${dailyPurchase} × ${touchUplift}`,
    );
  if (!(Number.isInteger(days) && days >= 2))
    throw new RangeError(`expected at least 2 whole days, so that the message has a day to act, got ${days}`);
}
