import { INPUT_ERROR } from '../../../workflows/compiler/resilience.ts';

/** Base class of the runtime's errors: sets the name and keeps the cause. */
export class JourneysError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * Input a handler cannot accept. Its name is the one the compiled ASL refuses to retry,
 * and below 500 it is safe to show to the caller of the events API.
 */
export class JourneyInputError extends JourneysError {
  readonly statusCode = 400;
  readonly expose = true;
  constructor(
    message: string,
    readonly problems: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = INPUT_ERROR;
  }
}

/** The caller asked for more than a request may carry (a batch over the limit). */
export class PayloadTooLargeError extends JourneysError {
  readonly statusCode = 413;
  readonly expose = true;
}
