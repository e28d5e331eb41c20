export * from './catalog.ts';
export * from './condition.ts';
export * from './journey.ts';
export * from './primitives.ts';
export * from './steps.ts';
export * from './template.ts';
export * from './time.ts';
export * from './trigger.ts';
