import { describe, expect, test } from 'vitest';
import {
  cohortWindowMs,
  ENTRY_GRACE_MS,
  entryWindowStart,
  isWindowClosed,
  windowReadyAt,
  windowStart,
} from '../../../../functions/commons/cohorts/cohort-window.ts';
import { FUNCTION_TIMEOUT_SECONDS } from '../../../../functions/function-table.ts';
import { catalogFromWorkspace } from '../../../../workflows/workspace/catalog.ts';

const HOUR = 3_600_000;
const at = (time: string) => Date.parse(`2027-06-11T${time}Z`);

describe('cohort windows', () => {
  test('windows are aligned to midnight UTC', () => {
    expect(windowStart(at('10:42:31'), HOUR)).toBe(at('10:00:00'));
    expect(windowStart(at('10:42:31'), 15 * 60_000)).toBe(at('10:30:00'));
    expect(windowStart(at('10:42:31'), 24 * HOUR)).toBe(at('00:00:00'));
  });

  test('a window closes at its end, not before', () => {
    expect(isWindowClosed(at('10:00:00'), HOUR, at('10:59:59'))).toBe(false);
    expect(isWindowClosed(at('10:00:00'), HOUR, at('11:00:00'))).toBe(true);
  });

  test('a window is taken once it has been closed for longer than an events-API call can last', () => {
    expect(ENTRY_GRACE_MS).toBeGreaterThan(FUNCTION_TIMEOUT_SECONDS['ingest-events'] * 1000);
    expect(windowReadyAt(at('10:00:00'), HOUR)).toBe(at('11:00:00') + ENTRY_GRACE_MS);
    expect(ENTRY_GRACE_MS).toBe(2 * 60_000);
  });

  test('an entry joins the window its event happened in while that window is open', () => {
    expect(entryWindowStart(at('10:05:00'), at('10:30:00'), HOUR)).toBe(at('10:00:00'));
  });

  test('an event arriving after its window closed joins the current window', () => {
    expect(entryWindowStart(at('10:59:30'), at('11:00:10'), HOUR)).toBe(at('11:00:00'));
  });

  test('an event stamped in the future joins the window of its arrival', () => {
    expect(entryWindowStart(at('12:30:00'), at('10:30:00'), HOUR)).toBe(at('10:00:00'));
  });

  test('event journeys use their cohort_window, the default is one minute', async () => {
    const catalog = await catalogFromWorkspace('workflows');
    const cartNudge = catalog.journeys.get('cart-nudge');
    expect(cartNudge && cohortWindowMs(cartNudge)).toBe(HOUR);
    const withoutWindow = cartNudge && {
      ...cartNudge,
      trigger: { kind: 'event' as const, event: 'add_to_cart' },
    };
    expect(withoutWindow && cohortWindowMs(withoutWindow)).toBe(60_000);
  });
});
