import { createHash } from 'node:crypto';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';

/** A seeded random stream. */
export interface Rng {
  /** In [0, 1). */
  float(): number;
  /** A whole number in [min, max], both included. */
  int(min: number, max: number): number;
  /** True with the given probability. */
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /**
   * An independent stream named by the label. It depends only on this stream's seed and the label,
   * never on how many numbers were drawn before, so per-customer streams ignore iteration order.
   */
  fork(label: string): Rng;
}

export function createRng(seed: number | string): Rng {
  return streamOf(`seed:${seed}`);
}

function streamOf(key: string): Rng {
  const digest = createHash('sha256').update(key).digest();
  // xoroshiro128+ has a 128-bit state; the hash fills it evenly, where the numeric seed constructor
  // would leave half of it constant and make nearby seeds start alike.
  const state = [0, 4, 8, 12].map((offset) => digest.readInt32BE(offset));
  if (!state.some((word) => word !== 0)) state[0] = 1;
  const generator = xoroshiro128plusFromState(state);
  const rng: Rng = {
    float: () => uniformFloat64(generator),
    int: (min, max) => uniformInt(generator, Math.ceil(min), Math.floor(max)),
    chance: (probability) => uniformFloat64(generator) < probability,
    pick: (items) => {
      if (items.length === 0) throw new RangeError('cannot pick from an empty list');
      return items[uniformInt(generator, 0, items.length - 1)] as (typeof items)[number];
    },
    fork: (label) => streamOf(`${key}/${label}`),
  };
  return rng;
}
