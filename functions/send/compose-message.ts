import { CustomerProfile } from '../../workflows/contracts/customer.ts';
import type { CompiledTemplate } from '../../workflows/messages/compiled-template.ts';
import { renderMessage } from '../../workflows/messages/render.ts';
import { type MessageScope, messageScope } from '../../workflows/messages/scope.ts';
import { smsLength } from '../../workflows/messages/sms-segments.ts';
import type { Channel } from '../../workflows/schema/index.ts';
import type { OutgoingMessage } from '../commons/channels/channel-adapter.ts';
import { unsubscribeUrl } from '../commons/channels/unsubscribe-link.ts';
import type { RuntimeDeps } from '../commons/runtime/runtime-deps.ts';
import type { PendingSend } from './send.ts';

/** Where on the channel the customer is reached: their email address, phone number or devices. */
function addressOn(channel: Channel, customer: CustomerProfile): Pick<OutgoingMessage, 'to' | 'devices'> {
  if (channel === 'email' && customer.email) return { to: customer.email };
  if (channel === 'sms' && customer.phone) return { to: customer.phone };
  // Profiles stored before devices existed have none.
  if (channel === 'push') return { devices: customer.devices ?? [] };
  return {};
}

/** What a message needs beyond the send and the profile. */
export interface MessageContext {
  /** When the customer got the step's offer, which a coupon's expiry counts from. @default now */
  readonly grantedAt?: number;
}

/**
 * The message one customer gets from a send step: the compiled template rendered for them. A
 * redelivery may find the profile gone; the message is then rendered from the id alone.
 */
export function composeMessage(
  send: PendingSend,
  profile: CustomerProfile | undefined,
  key: string,
  now: number,
  deps: Pick<RuntimeDeps, 'catalog' | 'config' | 'unsubscribeKey'>,
  context: MessageContext = {},
): OutgoingMessage {
  const template = deps.catalog.templates.get(send.step.template);
  if (!template)
    throw new Error(`the catalog has no template "${send.step.template}" for step ${send.step.id}`);
  const offer = send.step.offer ? deps.catalog.offers.get(send.step.offer) : undefined;
  const customer = profile ?? CustomerProfile.parse({ customerId: send.customerId, createdAt: now });
  const unsubscribeLink = unsubscribeUrl(deps, send.customerId, send.step.channel);
  const scope = messageScope(
    {
      profile: customer,
      offer,
      grantedAt: context.grantedAt ?? now,
      journey: {
        id: send.journeyId,
        name: deps.catalog.journeys.get(send.journeyId)?.name ?? send.journeyId,
      },
      stepId: send.step.id,
      unsubscribeUrl: unsubscribeLink,
    },
    template.attributes,
  );
  const rendered = renderFor(template, scope, send);
  return {
    idempotencyKey: key,
    channel: send.step.channel,
    customerId: send.customerId,
    journeyId: send.journeyId,
    runId: send.runId,
    stepId: send.step.id,
    template: send.step.template,
    offer: send.step.offer,
    ...addressOn(send.step.channel, customer),
    subject: rendered.subject,
    body: rendered.text,
    ...(rendered.html !== undefined ? { html: rendered.html } : {}),
    ...(template.url !== undefined ? { url: template.url } : {}),
    unsubscribeUrl: unsubscribeLink,
    // SMS is billed per segment: the simulation reports them.
    ...(send.step.channel === 'sms' ? { segments: smsLength(rendered.text).segments } : {}),
    at: now,
  };
}

/**
 * A render that fails for one customer (a filter given a value of the wrong kind, a loop past the
 * memory limit) fails alike on every retry: it rejects their message, not the shard.
 */
export class MessageRenderError extends Error {
  override readonly name = 'MessageRenderError';
}

function renderFor(template: CompiledTemplate, scope: MessageScope, send: PendingSend) {
  try {
    return renderMessage(template, scope);
  } catch (error) {
    // The cause's text may quote a profile value: only its name goes with the message.
    const kind = error instanceof Error ? error.name : 'error';
    throw new MessageRenderError(`template "${send.step.template}" could not be rendered (${kind})`);
  }
}
