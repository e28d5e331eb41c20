import aslValidator from 'asl-validator';
import type { StateMachineDefinition } from './asl.ts';

/** Checks compiled ASL with asl-validator (default options: they accept `${Placeholder}` resources). */
export function aslProblems(definition: StateMachineDefinition): string[] {
  const result = aslValidator(definition);
  return result.isValid ? [] : result.errors.map((error) => `${error.path ?? ''} ${error.message}`.trim());
}
