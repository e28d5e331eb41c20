import { eventsRoute, inboxRoute, unsubscribeRoute } from './core-routes.ts';
import { customerRightsRoute } from './customer-rights.ts';
import { dashboardRoute } from './dashboard-route.ts';
import type { ServeRoute } from './route.ts';
import { segmentRoute } from './segment-routes.ts';

/** Every route `journeys serve` answers, besides GET /health; the first whose path matches serves. */
export const SERVE_ROUTES: readonly ServeRoute[] = [
  eventsRoute,
  unsubscribeRoute,
  inboxRoute,
  customerRightsRoute,
  segmentRoute,
  dashboardRoute,
];
