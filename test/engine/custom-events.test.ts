import { describe, expect, test } from 'vitest';
import type { LocalEngine } from '../../engine/engine.ts';
import {
  event,
  HOUR_MS,
  playUntil,
  post,
  postAndTick,
  stepsReceivedBy,
} from '../support/engine/engine-harness.ts';
import { harnessPerTest } from '../support/engine/journey-scenarios.ts';

// Custom events end to end on the embedded engine: a journey that waits for the app's own
// "app_opened", one triggered by it that aims at and branches on other custom events, and an
// audience that leaves out who did one (test/fixtures/workspaces/custom-events).
const WORKSPACE = 'test/fixtures/workspaces/custom-events';
const START = '2027-06-11T02:00:00.000Z'; // 10:00 in Shanghai
const harness = harnessPerTest();

const signup = (engine: LocalEngine, customerId: string) =>
  event(engine, `signup-${customerId}`, customerId, 'signup', {
    timezone: 'Asia/Shanghai',
    consent: { in_app: true },
  });

describe('a journey that waits for app_opened', () => {
  test('who opens the app takes on_event, who does not (or on another device) takes on_timeout', async () => {
    // Prepare: three customers sign up and enter app-onboarding
    const { engine, delivered } = await harness(['app-onboarding'], START, { workspace: WORKSPACE });
    await postAndTick(
      engine,
      ['opener', 'stayer', 'web-only'].map((id) => signup(engine, id)),
    );

    // Act: three hours in, one opens the iOS app and one opens the web app; then the day runs out
    await playUntil(engine, engine.clock.now() + 3 * HOUR_MS);
    const results = await post(engine, [
      event(engine, 'open-1', 'opener', 'app_opened', { screen: 'home', device: { os: 'ios' } }),
      event(engine, 'open-2', 'web-only', 'app_opened', { screen: 'home', device: { os: 'web' } }),
    ]);
    await playUntil(engine, engine.clock.now() + 24 * HOUR_MS);

    // Assess
    expect(results.map((result) => result.status)).toEqual(['accepted', 'accepted']);
    expect(stepsReceivedBy(delivered, 'opener')).toEqual(['app-onboarding/send-welcome-back']);
    expect(stepsReceivedBy(delivered, 'stayer')).toEqual(['app-onboarding/send-install-nudge']);
    expect(stepsReceivedBy(delivered, 'web-only')).toEqual(['app-onboarding/send-install-nudge']);
    const timeline = await engine.deps.stores.events.timeline('opener', 0, engine.clock.now());
    expect(timeline.find((stored) => stored.name === 'app_opened')?.properties).toEqual({
      screen: 'home',
      device: { os: 'ios' },
    });
  });

  test("a past run's audience without_event app_opened leaves out who opened the app since", async () => {
    // Prepare: app-onboarding reaches three customers; two of them open the app, on any device
    const { engine, delivered } = await harness(['app-onboarding', 'app-win-back'], START, {
      workspace: WORKSPACE,
    });
    await postAndTick(
      engine,
      ['opener', 'stayer', 'web-only'].map((id) => signup(engine, id)),
    );
    await playUntil(engine, engine.clock.now() + 3 * HOUR_MS);
    await post(engine, [
      event(engine, 'open-1', 'opener', 'app_opened', { device: { os: 'android' } }),
      event(engine, 'open-2', 'web-only', 'app_opened', { device: { os: 'web' } }),
    ]);
    await playUntil(engine, engine.clock.now() + 24 * HOUR_MS);

    // Act
    await engine.fireSchedule('app-win-back');
    await playUntil(engine, engine.clock.now() + HOUR_MS);

    // Assess
    const reminded = ['opener', 'stayer', 'web-only'].filter((id) =>
      stepsReceivedBy(delivered, id).includes('app-win-back/send-reminder'),
    );
    expect(reminded).toEqual(['stayer']);
  });
});

describe('a journey triggered by a custom event', () => {
  test('enters on a matching property, leaves at a custom goal, and branches on a custom event since entry', async () => {
    // Prepare: four customers with in-app consent
    const { engine, delivered } = await harness(['checkout-follow-up'], START, { workspace: WORKSPACE });
    const ids = ['reviewer', 'wisher', 'browser', 'home-only'];
    await postAndTick(
      engine,
      ids.map((id) => signup(engine, id)),
    );

    // Act: each opens the app, three at checkout; then two do more before the branch two hours later
    const opened = await post(
      engine,
      ids.map((id) =>
        event(engine, `open-${id}`, id, 'app_opened', { screen: id === 'home-only' ? 'home' : 'checkout' }),
      ),
    );
    await playUntil(engine, engine.clock.now() + 30 * 60_000);
    await post(engine, [
      event(engine, 'review-1', 'reviewer', 'review_submitted', { rating: 5, text: 'Lovely' }),
      event(engine, 'wish-1', 'wisher', 'feature_used', { feature: 'wishlist' }),
      event(engine, 'feature-1', 'browser', 'feature_used', { feature: 'search' }),
    ]);
    await playUntil(engine, engine.clock.now() + 4 * HOUR_MS);

    // Assess
    expect(opened.map((result) => (result.status === 'accepted' ? result.enrolled : result.status))).toEqual([
      ['checkout-follow-up'],
      ['checkout-follow-up'],
      ['checkout-follow-up'],
      [],
    ]);
    expect(stepsReceivedBy(delivered, 'reviewer')).toEqual([]);
    expect(stepsReceivedBy(delivered, 'wisher')).toEqual(['checkout-follow-up/send-wishlist-tip']);
    expect(stepsReceivedBy(delivered, 'browser')).toEqual(['checkout-follow-up/send-general-tip']);
    expect(stepsReceivedBy(delivered, 'home-only')).toEqual([]);
  });
});
