import { describe, expect, test } from 'vitest';
import { WARM_TABLE } from '../../bench/fan-out-constraints.ts';
import { cohortFanOut } from '../../bench/fan-out-model.ts';
import { providerSeconds, TICKER_SLOT_SHARE } from '../../bench/provider-rate.ts';
import { providerRateFanOuts } from '../../bench/provider-rate-report.ts';
import { cohortSendFanOut } from '../../bench/send-fan-out.ts';

describe("the email provider's rate", () => {
  test('by hand: what fits in the first 40 s goes at the rate; the ticker keeps 50 s of each minute of the rest', () => {
    expect(TICKER_SLOT_SHARE).toBeCloseTo(5 / 6, 12);
    // 100 emails at 5/s fit in the shards' first 40 s.
    expect(providerSeconds(100, 5)).toBeCloseTo(20, 9);
    // 1,000 at 5/s: 200 in 40 s, then 800 at 5 × 5/6 a second.
    expect(providerSeconds(1_000, 5)).toBeCloseTo(40 + 800 / (5 * (5 / 6)), 9);
    expect(() => providerSeconds(10, 0)).toThrow('expected a send rate above 0, got 0');
  });

  test('a 10M send at 1,000/s is bound by the rate, and pays for its deferrals and its cursor item', () => {
    const unpaced = cohortSendFanOut({ customers: 10_000_000, table: WARM_TABLE });
    const paced = cohortSendFanOut({ customers: 10_000_000, table: WARM_TABLE, emailsPerSecond: 1_000 });

    expect(unpaced.constraints.map((c) => c.id)).not.toContain('provider-send-rate');
    expect(paced.binding.id).toBe('provider-send-rate');
    expect(paced.seconds).toBeCloseTo(40 + (10_000_000 - 40_000) / (1_000 * (5 / 6)), 6);
    expect(paced.writeUnits - unpaced.writeUnits).toBe(20_000 * 60);
    const hottest = paced.constraints.find((c) => c.id === 'dynamodb-shared-item');
    expect(hottest?.detail).toContain('send-rate cursor');
    expect(hottest?.seconds).toBeCloseTo(20, 9);
  });

  test.each([
    { channel: 'sms', perSecond: 100, names: 'smsMaxPerSecond', provider: 'End User Messaging SMS' },
    { channel: 'push', perSecond: 300, names: 'pushMaxPerSecond', provider: 'SNS' },
    { channel: 'webhook', perSecond: 50, names: 'webhookMaxPerSecond', provider: 'receiver' },
    { channel: 'email', perSecond: 100, names: 'emailMaxPerSecond', provider: 'SES' },
  ] as const)(
    'a 10M $channel send paced at $perSecond/s is bound by the $channel rate, named as such',
    ({ channel, perSecond, names, provider }) => {
      // Act
      const estimate = cohortSendFanOut({
        customers: 10_000_000,
        table: WARM_TABLE,
        providerRate: { channel, perSecond },
      });

      // Assess
      expect(estimate.binding.id).toBe('provider-send-rate');
      expect(estimate.binding.limit).toContain(names);
      expect(estimate.binding.limit).toContain(provider);
      if (channel !== 'email') expect(estimate.binding.limit).not.toMatch(/SES|email/);
      expect(estimate.binding.detail).toContain(`at ${perSecond}/s`);
      const hottest = estimate.constraints.find((constraint) => constraint.id === 'dynamodb-shared-item');
      expect(hottest?.detail).toContain(`the ${channel} send-rate cursor`);
    },
  );

  test('a rate high enough leaves the binding to the fan-out', () => {
    const estimate = cohortSendFanOut({ customers: 10_000_000, table: WARM_TABLE, emailsPerSecond: 100_000 });

    expect(estimate.binding.id).not.toBe('provider-send-rate');
  });

  test('the report prices 10M at 100, 1,000 and 10,000 a second, slowest first', () => {
    const paced = providerRateFanOuts(10_000_000);

    expect(paced.map((rate) => rate.emailsPerSecond)).toEqual([100, 1_000, 10_000]);
    const [slow, , fast] = paced;
    expect(slow?.fanOut.seconds).toBeCloseTo(
      cohortFanOut({ customers: 10_000_000, table: WARM_TABLE, emailsPerSecond: 100 }).seconds,
      9,
    );
    expect((slow?.fanOut.send.seconds ?? 0) / (fast?.fanOut.send.seconds ?? 1)).toBeGreaterThan(90);
  });
});
