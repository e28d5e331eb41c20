import type { MiddlewareObj } from '@middy/core';
import type { z } from 'zod';
import { schemaViolations } from '../../../workflows/language/schema-violations.ts';
import { formatPath } from '../../../workflows/rules/violation.ts';
import { JourneyInputError, JourneysError } from './errors.ts';

/**
 * Field-by-field problems in the same words as journey validation: a missing field is
 * "required", an unknown one is named at its own path. Parse with `{ reportInput: true }`.
 */
export function zodProblems(error: z.ZodError): { path: string; message: string }[] {
  return schemaViolations(error.issues).map((violation) => ({
    path: formatPath(violation.path),
    message: violation.message,
  }));
}

/**
 * Validates a handler's event before it runs and its response after: bad input fails with a
 * JourneyInputError naming each field (never retried by the compiled ASL); a bad response is a bug.
 */
export function zodValidation<I extends z.ZodType, O extends z.ZodType>(schemas: {
  input: I;
  output: O;
}): MiddlewareObj<z.output<I>, z.output<O>> {
  return {
    before: (request) => {
      const result = schemas.input.safeParse(request.event, { reportInput: true });
      if (!result.success) {
        const problems = zodProblems(result.error);
        throw new JourneyInputError(
          `invalid input: ${problems.map((problem) => `${problem.path || '(root)'}: ${problem.message}`).join('; ')}`,
          problems,
        );
      }
      request.event = result.data;
    },
    after: (request) => {
      const result = schemas.output.safeParse(request.response);
      if (!result.success) {
        throw new JourneysError(`handler returned an invalid response: ${result.error.message}`);
      }
      request.response = result.data;
    },
  };
}
