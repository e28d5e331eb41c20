import { describe, expect, it } from 'vitest';
import type { FunnelRow } from '../../functions/commons/stores/funnel.ts';
import { emailStepFunnels, formatEmailSteps } from '../../simulation/email-funnel.ts';
import { catalogFromWorkspace } from '../../workflows/workspace/catalog.ts';

const catalog = await catalogFromWorkspace('workflows', ['cart-nudge']);
const cartNudge = catalog.journeys.get('cart-nudge');

const row = (runId: string, stepId: string, counts: FunnelRow['counts']): FunnelRow => ({
  journeyId: 'cart-nudge',
  runId,
  stepId,
  variant: 'treated',
  counts,
});

describe('the email funnel of a journey', () => {
  it('sums each email step over runs and rows, leaving out steps of other channels', () => {
    // Prepare
    if (!cartNudge) throw new Error('cart-nudge is not in the workspace');
    const rows = [
      row('run-1', 'send-cart-coupon', { sent: 40 }),
      row('run-1', 'send-cart-coupon', { delivered: 30, opened: 12, clicked: 3 }),
      row('run-2', 'send-cart-coupon', { sent: 10, delivered: 8, bounced: 2, complained: 1 }),
      row('run-1', 'send-cart-reminder', { sent: 99 }),
      row('run-1', '$journey', { entered: 100 }),
    ];

    // Act
    const steps = emailStepFunnels(cartNudge, rows);

    // Assess
    expect(steps).toEqual([
      {
        stepId: 'send-cart-coupon',
        sent: 50,
        delivered: 38,
        bounced: 2,
        complained: 1,
        opened: 12,
        clicked: 3,
      },
    ]);
    expect(formatEmailSteps('cart-nudge', steps)).toEqual([
      '  cart-nudge/send-cart-coupon: 50 sent; 38 delivered (76.0%), 2 bounced, 1 complained; 12 opened (31.6% of delivered), 3 clicked (7.9%)',
    ]);
  });
});
