import { CONTRACT_EVENTS } from '../contracts/declared-events.ts';
import type { Journey } from '../schema/index.ts';
import { audienceViolations } from './audience-rules.ts';
import { eventViolations } from './event-rules.ts';
import { graphViolations } from './graph-rules.ts';
import { offerViolations } from './offer-rules.ts';
import { type Catalog, referenceViolations } from './reference-rules.ts';
import { settingsViolations } from './settings-rules.ts';
import { timeViolations } from './time-rules.ts';
import type { Violation } from './violation.ts';

export type { Catalog } from './reference-rules.ts';
export * from './violation.ts';

/** Every rule a schema-valid journey must also meet, as one list. */
export function journeyViolations(journey: Journey, catalog: Catalog): Violation[] {
  return [
    ...graphViolations(journey),
    ...referenceViolations(journey, catalog),
    ...timeViolations(journey),
    ...audienceViolations(journey),
    ...(catalog.events === null ? [] : eventViolations(journey, catalog.events ?? CONTRACT_EVENTS)),
    ...offerViolations(journey, catalog.offers),
    ...settingsViolations(journey),
  ];
}
