import type { CustomerProfile } from '../../workflows/contracts/customer.ts';
import { renderTemplate } from '../../workflows/evaluation/render.ts';
import type { TemplatePlaceholder } from '../../workflows/schema/index.ts';
import type { OutgoingMessage } from '../commons/channels/channel-adapter.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import type { PendingSend } from './send.ts';

/** The message one customer gets from a send step: the template filled for them. */
export function composeMessage(
  send: PendingSend,
  profile: CustomerProfile | undefined,
  key: string,
  now: number,
  deps: RuntimeDeps,
): OutgoingMessage {
  const template = deps.catalog.templates.get(send.step.template);
  const offer = send.step.offer ? deps.catalog.offers.get(send.step.offer) : undefined;
  const values: Record<TemplatePlaceholder, unknown> = {
    first_name: profile?.attributes.first_name ?? '',
    customer_id: send.customerId,
    offer_name: offer?.name ?? '',
    offer_amount: offer?.kind === 'coupon' ? offer.amount : offer?.kind === 'points' ? offer.points : '',
  };
  return {
    idempotencyKey: key,
    channel: send.step.channel,
    customerId: send.customerId,
    journeyId: send.journeyId,
    runId: send.runId,
    stepId: send.step.id,
    template: send.step.template,
    offer: send.step.offer,
    subject: template?.subject ? renderTemplate(template.subject, values) : undefined,
    body: renderTemplate(template?.body ?? '', values),
    at: now,
  };
}
