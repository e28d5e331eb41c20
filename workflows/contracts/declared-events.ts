import type { z } from 'zod';
import type { EventCatalogFile, PropertySpec, PropertyType } from '../schema/event-catalog.ts';
import type { Scalar } from '../schema/primitives.ts';
import { KnownEvent } from './customer.ts';

/** What journeys may rely on about one property of an event. */
export interface DeclaredProperty {
  /** Its JSON types: more than one for a union such as an attribute's string, number or boolean. */
  readonly types: ReadonlySet<PropertyType>;
  readonly optional: boolean;
  /** The only values it takes, for an enum or a literal. */
  readonly values?: readonly Scalar[];
  /** An object's own properties; absent for an object whose keys are free (any path below is accepted). */
  readonly properties?: ReadonlyMap<string, DeclaredProperty>;
}

/** An event journeys may name: declared by the events API contract, or by the workspace's event catalog. */
export interface DeclaredEvent {
  readonly source: 'contract' | 'catalog';
  readonly properties: ReadonlyMap<string, DeclaredProperty>;
}

export type DeclaredEvents = ReadonlyMap<string, DeclaredEvent>;

const ALL_TYPES: ReadonlySet<PropertyType> = new Set(['string', 'number', 'boolean', 'object', 'array']);

interface Def {
  readonly type: string;
  readonly innerType?: z.core.$ZodType;
  readonly out?: z.core.$ZodType;
  readonly entries?: Record<string, string | number>;
  readonly values?: readonly unknown[];
  readonly shape?: Record<string, z.core.$ZodType>;
  readonly keyType?: z.core.$ZodType;
  readonly valueType?: z.core.$ZodType;
  readonly options?: readonly z.core.$ZodType[];
}

const defOf = (schema: z.core.$ZodType): Def => schema._zod.def as unknown as Def;

/**
 * What a zod schema of the contract says about a property, read from the schema itself so that
 * the declaration never drifts from what the events API accepts.
 */
export function describeSchema(schema: z.core.$ZodType): DeclaredProperty {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'prefault':
      return { ...describeSchema(def.innerType as z.core.$ZodType), optional: true };
    case 'nullable':
    case 'readonly':
    case 'catch':
      return describeSchema(def.innerType as z.core.$ZodType);
    case 'pipe':
      return describeSchema(def.out as z.core.$ZodType);
    case 'string':
    case 'number':
    case 'boolean':
      return { types: new Set([def.type as PropertyType]), optional: false };
    case 'enum':
      return valuesOf(Object.values(def.entries ?? {}));
    case 'literal':
      return valuesOf(def.values ?? []);
    case 'array':
      return { types: new Set(['array']), optional: false };
    case 'object':
      return { types: new Set(['object']), optional: false, properties: shapeOf(def.shape ?? {}) };
    case 'record':
      return recordOf(def);
    case 'union':
      return unionOf((def.options ?? []).map(describeSchema));
    default:
      // unknown, any, and whatever else: a value of any type.
      return { types: ALL_TYPES, optional: false };
  }
}

function valuesOf(values: readonly unknown[]): DeclaredProperty {
  const scalars = values.filter(
    (value): value is Scalar =>
      typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean',
  );
  return {
    types: new Set(scalars.map((value) => typeof value as PropertyType)),
    optional: false,
    values: scalars,
  };
}

function shapeOf(shape: Record<string, z.core.$ZodType>): ReadonlyMap<string, DeclaredProperty> {
  return new Map(Object.entries(shape).map(([name, field]) => [name, describeSchema(field)]));
}

/** A record keyed by an enum (consent per channel) has those properties, each optional; any other is free. */
function recordOf(def: Def): DeclaredProperty {
  const keys = def.keyType ? defOf(def.keyType) : undefined;
  if (keys?.type !== 'enum' || !def.valueType) return { types: new Set(['object']), optional: false };
  const value = describeSchema(def.valueType);
  return {
    types: new Set(['object']),
    optional: false,
    properties: new Map(
      Object.values(keys.entries ?? {}).map((key) => [String(key), { ...value, optional: true }]),
    ),
  };
}

function unionOf(alternatives: readonly DeclaredProperty[]): DeclaredProperty {
  const everyHasValues = alternatives.every((alternative) => alternative.values !== undefined);
  return {
    types: new Set(alternatives.flatMap((alternative) => [...alternative.types])),
    optional: alternatives.some((alternative) => alternative.optional),
    ...(everyHasValues ? { values: alternatives.flatMap((alternative) => alternative.values ?? []) } : {}),
  };
}

/** The known events, each with its properties as its schema of the contract defines them. */
export function contractEvents(
  options: readonly {
    readonly shape: { readonly name: z.core.$ZodType; readonly properties: z.core.$ZodType };
  }[],
): DeclaredEvents {
  return new Map(
    options.map((option) => {
      const name = String(defOf(option.shape.name).values?.[0]);
      const properties = describeSchema(option.shape.properties).properties ?? new Map();
      return [name, { source: 'contract', properties }] as const;
    }),
  );
}

/** A property as the catalog file writes it: a type alone, or a spec. */
function catalogProperty(declared: PropertySpec | PropertyType): DeclaredProperty {
  const spec: PropertySpec = typeof declared === 'string' ? { type: declared } : declared;
  return {
    types: new Set([spec.type]),
    optional: spec.optional ?? false,
    ...(spec.properties
      ? {
          properties: new Map(
            Object.entries(spec.properties).map(([name, inner]) => [name, catalogProperty(inner)]),
          ),
        }
      : {}),
  };
}

/** The events journeys may use: the contract's, and the custom ones of a catalog file. */
export function declaredEvents(contract: DeclaredEvents, catalog?: EventCatalogFile): DeclaredEvents {
  const custom = Object.entries(catalog?.events ?? {})
    .filter(([name]) => !contract.has(name))
    .map(([name, declaration]) => {
      const properties = new Map(
        Object.entries(declaration.properties).map(([property, spec]) => [property, catalogProperty(spec)]),
      );
      return [name, { source: 'catalog', properties }] as const;
    });
  return new Map([...contract, ...custom]);
}

/** The known events as the events API contract declares them. */
export const CONTRACT_EVENTS: DeclaredEvents = contractEvents(KnownEvent.options);
