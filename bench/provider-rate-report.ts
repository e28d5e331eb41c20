import { WARM_TABLE } from './fan-out-constraints.ts';
import { type CohortFanOutEstimate, cohortFanOut } from './fan-out-model.ts';

/** SES maximum send rates to price a send at: a small, a typical and a large production account. */
export const PROVIDER_RATES = [100, 1_000, 10_000] as const;

/** A campaign's first send, one email per customer, paced to each rate, on warm tables. */
export function providerRateFanOuts(
  customers: number,
): { emailsPerSecond: number; fanOut: CohortFanOutEstimate }[] {
  return PROVIDER_RATES.map((emailsPerSecond) => ({
    emailsPerSecond,
    fanOut: cohortFanOut({ customers, table: WARM_TABLE, emailsPerSecond }),
  }));
}

const hours = (seconds: number) => `${(seconds / 3600).toFixed(2)} h`;

export function pacedLines(paced: ReturnType<typeof providerRateFanOuts>): string[] {
  const customers = paced[0]?.fanOut.customers ?? 0;
  return [
    '',
    `${customers / 1e6}M-customer send paced to the email provider's rate (warm tables, one email each):`,
    ...paced.map(
      ({ emailsPerSecond, fanOut }) =>
        `  at ${emailsPerSecond}/s: send step ${hours(fanOut.send.seconds)}, bound by ${fanOut.send.binding.limit}; ${hours(fanOut.seconds)} with the snapshot`,
    ),
  ];
}
