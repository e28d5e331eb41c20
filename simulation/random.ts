import { hash } from 'node:crypto';
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
  return new SeededStream(`seed:${seed}`);
}

/**
 * A stream is forked for every customer and decision of every simulated day (hundreds of
 * thousands per run), so it is a class whose methods are shared, seeded by the one-shot hash.
 */
class SeededStream implements Rng {
  readonly #key: string;
  readonly #generator: ReturnType<typeof xoroshiro128plusFromState>;

  constructor(key: string) {
    this.#key = key;
    const digest = hash('sha256', key, 'buffer');
    // xoroshiro128+ has a 128-bit state; the hash fills it evenly, where the numeric seed constructor
    // would leave half of it constant and make nearby seeds start alike.
    const state = [0, 4, 8, 12].map((offset) => digest.readInt32BE(offset));
    if (!state.some((word) => word !== 0)) state[0] = 1;
    this.#generator = xoroshiro128plusFromState(state);
  }

  float(): number {
    return uniformFloat64(this.#generator);
  }

  int(min: number, max: number): number {
    return uniformInt(this.#generator, Math.ceil(min), Math.floor(max));
  }

  chance(probability: number): boolean {
    return uniformFloat64(this.#generator) < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('cannot pick from an empty list');
    return items[uniformInt(this.#generator, 0, items.length - 1)] as T;
  }

  fork(label: string): Rng {
    return new SeededStream(`${this.#key}/${label}`);
  }
}
