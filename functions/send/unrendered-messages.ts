import type { DeliveryOutcome, OutgoingMessage } from '../commons/channels/channel-adapter.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import { MessageRenderError } from './compose-message.ts';
import type { PendingSend } from './send.ts';

/**
 * The messages of a shard that could not be rendered, each rejected as a provider's refusal is:
 * counted `rejected`, its claims given back, and the other messages of the shard delivered.
 */
export class UnrenderedMessages {
  readonly outcomes: DeliveryOutcome[] = [];

  constructor(private readonly deps: Pick<RuntimeDeps, 'logger' | 'metrics'>) {}

  /** The composed message, or none when it could not be rendered. */
  compose(send: PendingSend, key: string, composing: () => OutgoingMessage): OutgoingMessage[] {
    try {
      return [composing()];
    } catch (error) {
      if (!(error instanceof MessageRenderError)) throw error;
      // Per message: an alarm on it tells of a template that fails for everyone (infra/constructs/operations.ts).
      this.deps.metrics.addMetric('MessagesUnrendered', 'Count', 1);
      this.deps.logger.warn('a message could not be rendered and is rejected', {
        journeyId: send.journeyId,
        stepId: send.step.id,
        reason: error.message,
      });
      this.outcomes.push({ idempotencyKey: key, status: 'rejected', reason: error.message });
      return [];
    }
  }
}
