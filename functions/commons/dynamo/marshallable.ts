/**
 * The value with every plain object that has its own "constructor" key (a customer attribute or
 * an event id by that name) turned into a Map: util-dynamodb tells a map from a class instance by
 * `value.constructor.name`, so it refuses such an object, and writes a Map as the same M
 * attribute. A value without one is returned as it is, without a copy.
 */
export function marshallable<T>(value: T): T {
  return hasConstructorKey(value) ? (converted(value) as T) : value;
}

function hasConstructorKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasConstructorKey);
  if (!isPlainObject(value)) return false;
  if (Object.hasOwn(value, 'constructor')) return true;
  for (const key in value) if (hasConstructorKey(value[key])) return true;
  return false;
}

function converted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(converted);
  if (!isPlainObject(value)) return value;
  const entries = Object.entries(value).map(([key, item]) => [key, converted(item)] as const);
  return Object.hasOwn(value, 'constructor') ? new Map(entries) : Object.fromEntries(entries);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
