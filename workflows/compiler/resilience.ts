import type { AslState, Json } from './asl.ts';
import { STATE } from './names.ts';

/** Errors a task handler throws for input it cannot accept; retrying cannot help. */
export const INPUT_ERROR = 'JourneyInputError';

const LAMBDA_TRANSIENT_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Lambda.ClientExecutionTimeoutException',
];

/**
 * Every task retries Lambda service faults and throttling with capped exponential backoff and
 * full jitter, then its own failures a few times: handlers are idempotent, so a retry is safe.
 */
export function taskRetry(): Json[] {
  return [
    { ErrorEquals: [INPUT_ERROR], MaxAttempts: 0 },
    {
      ErrorEquals: LAMBDA_TRANSIENT_ERRORS,
      IntervalSeconds: 1,
      MaxAttempts: 6,
      BackoffRate: 2,
      MaxDelaySeconds: 30,
      JitterStrategy: 'FULL',
    },
    {
      ErrorEquals: ['States.TaskFailed'],
      IntervalSeconds: 2,
      MaxAttempts: 3,
      BackoffRate: 2,
      JitterStrategy: 'FULL',
    },
  ];
}

/** A step that still fails after its retries records the failure, then fails the execution. */
export function recordFailureCatch(): Json[] {
  return [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: STATE.recordFailure }];
}

export function withResilience(state: AslState): AslState {
  return { ...state, Retry: taskRetry(), Catch: recordFailureCatch() };
}
