import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { z } from 'zod';
import type { RuntimeDeps } from './runtime-deps.ts';
import { zodValidation } from './zod-problems.ts';

/**
 * The chain every step function shares: Lambda context in the logs, EMF metrics flushed per
 * invocation, each task's input and output logged at debug level (they carry no profile data),
 * and zod on the way in and out, around the logic that does the work.
 */
export function stepHandler<I extends z.ZodType, O extends z.ZodType>(
  deps: RuntimeDeps,
  schemas: { input: I; output: O },
  work: (input: z.output<I>, deps: RuntimeDeps) => Promise<z.output<O>>,
) {
  return (
    middy<z.output<I>, z.output<O>>()
      .use(injectLambdaContext(deps.logger))
      .use(logMetrics(deps.metrics))
      // Runs after zod's check on the way out: at debug level, what each task did, in ids and counts.
      .use({
        after: (request) =>
          deps.logger.debug('step task done', { input: request.event, output: request.response }),
      })
      .use(zodValidation(schemas))
      .handler((input) => work(input, deps))
  );
}
