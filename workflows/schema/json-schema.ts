import { z } from 'zod';
import { Offer } from './catalog.ts';
import { CustomerMapping } from './customer-mapping.ts';
import { EventCatalogFile } from './event-catalog.ts';
import { Journey } from './journey.ts';
import { Template } from './template.ts';
import { WorkspaceConfig } from './workspace-config.ts';

/** The editor schemas, generated from the zod schemas so the two can never disagree. */
export const JSON_SCHEMAS = {
  'journey.schema.json': Journey,
  'offer.schema.json': Offer,
  'template.schema.json': Template,
  'workspace-config.schema.json': WorkspaceConfig,
  'customer-mapping.schema.json': CustomerMapping,
  'events-catalog.schema.json': EventCatalogFile,
} as const;

export function jsonSchemaText(schema: z.ZodType): string {
  const generated = z.toJSONSchema(schema, { io: 'input', target: 'draft-7', unrepresentable: 'any' });
  return `${JSON.stringify(generated, null, 2)}\n`;
}
