import type { Logger } from '@aws-lambda-powertools/logger';
import { createLogger } from '../functions/commons/runtime/observability.ts';

/** Powertools' own setting of the log level, the one a deployer sets on the Lambda functions. */
export const LOG_LEVEL_VARIABLE = 'POWERTOOLS_LOG_LEVEL';

/**
 * The handlers' logger on this machine: silent, since stdout belongs to the command's output,
 * unless POWERTOOLS_LOG_LEVEL names a level; then it logs as the Lambda functions would at it.
 */
export function localLogger(environment: NodeJS.ProcessEnv = process.env): Logger {
  return createLogger({ silent: !environment[LOG_LEVEL_VARIABLE] });
}
