import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CONTRACT_EVENTS, declaredEvents } from '../../workflows/contracts/declared-events.ts';
import type { Catalog } from '../../workflows/rules/index.ts';
import { EventCatalogFile, Offer, Template } from '../../workflows/schema/index.ts';

/** Malformed journeys, each `<case>.journey.yaml` beside its `<case>.expected.json`, and their catalog. */
export const MALFORMED_FIXTURES = new URL('../fixtures/malformed/', import.meta.url);

const CatalogFile = z.object({
  offers: z.array(Offer),
  templates: z.array(Template),
  journeyIds: z.array(z.string()),
  /** The custom events the fixtures may use, as an events.catalog.yaml holds them. */
  events: EventCatalogFile,
});

/** The offers, templates, journey ids and custom events that the fixture journeys refer to. */
export function fixtureCatalog(): Catalog {
  const file = CatalogFile.parse(
    JSON.parse(readFileSync(new URL('catalog.json', MALFORMED_FIXTURES), 'utf8')),
  );
  return {
    offers: new Map(file.offers.map((offer) => [offer.id, offer])),
    templates: new Map(file.templates.map((template) => [template.id, template])),
    journeyIds: new Set(file.journeyIds),
    events: declaredEvents(CONTRACT_EVENTS, file.events),
  };
}
