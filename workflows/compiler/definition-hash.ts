import { createHash } from 'node:crypto';
import type { StateMachineDefinition } from './asl.ts';

/**
 * A digest of a compiled definition, what a published version is known by: the same ASL hashes
 * the same, so a journey whose definition did not change publishes no new version.
 */
export function definitionHash(definition: string | StateMachineDefinition): string {
  const text = typeof definition === 'string' ? definition : JSON.stringify(definition);
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
