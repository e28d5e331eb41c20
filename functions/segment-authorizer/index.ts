import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { z } from 'zod';
import { createLogger } from '../commons/runtime/observability.ts';
import { createSegmentAuthorizerHandler } from './handler.ts';

const Environment = z.object({
  SEGMENT_WRITE_KEY_SECRET_ARN: z
    .string()
    .startsWith('arn:', { error: 'expected the ARN of the write key secret' }),
});
const environment = Environment.parse(process.env);

/** The key is cached for five minutes, so a rotated key takes effect within that (plus API Gateway's cache). */
const WRITE_KEY_MAX_AGE_SECONDS = 300;

export const handler = createSegmentAuthorizerHandler({
  writeKey: async () =>
    (await getSecret<string>(environment.SEGMENT_WRITE_KEY_SECRET_ARN, {
      maxAge: WRITE_KEY_MAX_AGE_SECONDS,
      throwOnMissing: true,
    })) ?? '',
  logger: createLogger(),
});
