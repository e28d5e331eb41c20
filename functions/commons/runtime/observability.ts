import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

export const SERVICE = 'journeys';
export const METRICS_NAMESPACE = 'Journeys';

/** JSON logs. Never log profiles, events or message bodies: ids and counts only. */
export function createLogger(options: { silent?: boolean } = {}): Logger {
  return new Logger({ serviceName: SERVICE, ...(options.silent ? { logLevel: 'SILENT' } : {}) });
}

/**
 * EMF metrics for the funnel dashboard. The local engine sets POWERTOOLS_METRICS_DISABLED,
 * since EMF always goes to stdout, and counts the funnel in DynamoDB as in AWS.
 */
export function createMetrics(options: { silent?: boolean } = {}): Metrics {
  return new Metrics({
    namespace: METRICS_NAMESPACE,
    serviceName: SERVICE,
    ...(options.silent ? { logger: quiet } : {}),
  });
}

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
