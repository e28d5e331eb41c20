import { z } from 'zod';

/**
 * A record that refuses a "__proto__" key by name: zod leaves one out without a word, and
 * util-dynamodb could not write it as a map key anyway.
 */
export function withoutProtoKey<T extends z.ZodType>(record: T, problem: 'unknown field' | 'reserved name') {
  return z
    .unknown()
    .check((ctx) => {
      const value = ctx.value;
      if (typeof value !== 'object' || value === null || !Object.hasOwn(value, '__proto__')) return;
      const input = value as Record<string, unknown>;
      ctx.issues.push(
        problem === 'unknown field'
          ? { code: 'unrecognized_keys', keys: ['__proto__'], input }
          : {
              code: 'custom',
              path: ['__proto__'],
              message: 'the name "__proto__" is not allowed: it is reserved; expected another name',
              input,
            },
      );
    })
    .pipe(record);
}
