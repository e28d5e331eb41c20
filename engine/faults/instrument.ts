/**
 * Routes every method call of `target` (its own methods and its class's, not Object's) through
 * `around`, named `<prefix>.<method>`, by setting each as an own property of the instance: the
 * handlers that hold the instance call through it, as a spy would. Calls the object makes on
 * itself go through it too.
 */
export function instrumentMethods(
  target: object,
  prefix: string,
  around: (call: string, run: () => unknown) => unknown,
): void {
  const record = target as Record<string, unknown>;
  for (const name of methodNames(target)) {
    const original = record[name] as (...args: unknown[]) => unknown;
    record[name] = (...args: unknown[]) => around(`${prefix}.${name}`, () => original.apply(target, args));
  }
}

function methodNames(target: object): string[] {
  const names = new Set<string>();
  for (
    let prototype: object | null = target;
    prototype && prototype !== Object.prototype;
    prototype = Object.getPrototypeOf(prototype)
  )
    for (const name of Object.getOwnPropertyNames(prototype)) {
      if (name === 'constructor') continue;
      const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
      if (typeof descriptor?.value === 'function') names.add(name);
    }
  return [...names];
}
