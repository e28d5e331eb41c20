import { describe, expect, test } from 'vitest';
import { campaignZone, dayLabel } from '../../simulation/campaign-zone.ts';
import type { Journey } from '../../workflows/schema/index.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';

describe("the campaign's time zone", () => {
  test("is the built-in campaign's Asia/Shanghai, from its scheduled journeys", async () => {
    const catalog = await catalogFromWorkspace('workflows');
    expect(campaignZone(catalog.journeys.values())).toBe('Asia/Shanghai');
  });

  test('is UTC when no journey is scheduled', async () => {
    const catalog = await catalogFromWorkspace('workflows', ['cart-nudge', 'first-purchase-gift']);
    expect(campaignZone(catalog.journeys.values())).toBe('UTC');
  });

  test('is the zone most scheduled journeys use', () => {
    const scheduled = (id: string, timezone: string) =>
      ({ id, trigger: { kind: 'schedule', timezone } }) as unknown as Journey;
    const journeys = [
      scheduled('a', 'Europe/London'),
      scheduled('b', 'America/Los_Angeles'),
      scheduled('c', 'America/Los_Angeles'),
    ];
    expect(campaignZone(journeys)).toBe('America/Los_Angeles');
  });
});

describe('a simulated day', () => {
  test("is labelled with the campaign zone's date, not UTC's", () => {
    // 16:00 UTC on 10 June is midnight of 11 June in Shanghai.
    expect(dayLabel(Date.parse('2027-06-10T16:00:00Z'), 'Asia/Shanghai')).toBe('2027-06-11 Asia/Shanghai');
    expect(dayLabel(Date.parse('2027-06-10T16:00:00Z'), 'UTC')).toBe('2027-06-10 16:00 UTC');
  });

  test('that does not start at local midnight shows the local time it starts', () => {
    expect(dayLabel(Date.parse('2027-03-01T02:00:00Z'), 'Asia/Shanghai')).toBe(
      '2027-03-01 10:00 Asia/Shanghai',
    );
  });
});
