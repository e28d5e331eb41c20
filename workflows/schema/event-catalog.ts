import { z } from 'zod';
import { EventName } from './primitives.ts';

export const PROPERTY_TYPES = ['string', 'number', 'boolean', 'object', 'array'] as const;

export const PropertyType = z
  .enum(PROPERTY_TYPES, { error: `expected a property type: ${PROPERTY_TYPES.join(', ')}` })
  .describe('The JSON type of a property: string, number, boolean, object or array.');
export type PropertyType = z.infer<typeof PropertyType>;

/** Names a filter can reach with a dotted path; the events API refuses the prototype's names anyway. */
export const PropertyName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
    error:
      'expected a property name of letters, digits and _, not starting with a digit, such as "cartValue"',
  })
  .max(128, { error: 'expected a property name of at most 128 characters' })
  .refine((name) => !['__proto__', 'constructor', 'prototype'].includes(name), {
    error: 'expected another name: the events API refuses __proto__, constructor and prototype',
  });

export interface PropertySpec {
  readonly type: PropertyType;
  readonly optional?: boolean;
  readonly description?: string;
  readonly properties?: Readonly<Record<string, PropertySpec | PropertyType>>;
}

export const PropertySpecObject: z.ZodType<PropertySpec> = z.lazy(() =>
  z
    .strictObject({
      type: PropertyType,
      optional: z
        .boolean({ error: 'expected true or false' })
        .optional()
        .describe('Whether events may leave the property out. @default false'),
      description: z.string().min(1).optional().describe('What the property holds.'),
      properties: z
        .record(PropertyName, PropertyDeclaration)
        .optional()
        .describe(
          'For an object: its own properties, which filters reach as "parent.child". ' +
            '@default none declared: any path below the object is accepted, unchecked',
        ),
    })
    .superRefine((spec, ctx) => {
      if (spec.properties !== undefined && spec.type !== 'object')
        ctx.addIssue({
          code: 'custom',
          path: ['properties'],
          message: `only an object has properties; this property is a ${spec.type}`,
        });
    })
    .describe('A property written in full; `screen: string` is short for `screen: { type: string }`.'),
);

export const PropertyDeclaration: z.ZodType<PropertySpec | PropertyType> = z
  .union([PropertyType, PropertySpecObject], {
    error: `expected a property type (${PROPERTY_TYPES.join(', ')}) or { type, optional, description, properties }`,
  })
  .describe('A property: its type alone, e.g. "string", or { type, optional, description, properties }.');

export const EventDeclaration = z
  .strictObject({
    description: z.string().min(1).optional().describe('What the event means and who sends it.'),
    properties: z
      .record(PropertyName, PropertyDeclaration)
      .default({})
      .describe('The properties journeys may filter on, by name. @default none'),
  })
  .describe('One custom event: what it means, and the properties journeys may filter on.');
export type EventDeclaration = z.infer<typeof EventDeclaration>;

export const EventCatalogFile = z
  .strictObject({
    $schema: z.string().optional().describe('Path to the JSON Schema, for editors.'),
    events: z
      .record(
        EventName.max(64, {
          error: 'expected an event name of at most 64 characters, as the events API takes',
        }),
        EventDeclaration,
      )
      .describe('The custom events journeys use, by snake_case name, e.g. "app_opened".'),
  })
  .describe(
    'The custom events of a workspace: the file events.catalog.yaml at its root. The known events ' +
      '(signup, add_to_cart, purchase, …) are declared by the events API contract and are not listed here.',
  );
export type EventCatalogFile = z.infer<typeof EventCatalogFile>;
