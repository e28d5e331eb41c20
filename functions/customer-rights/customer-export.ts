import type { CustomerHoldings } from './holdings.ts';
import type { CustomerExport } from './rights-schemas.ts';

const iso = (at: number) => new Date(at).toISOString();
const isoIf = (at: number | undefined) => (at === undefined ? undefined : iso(at));

/** Everything held about the customer, as GET /customers/{id}/export answers it: times in ISO 8601. */
export function exportOf(holdings: CustomerHoldings, now: number): CustomerExport {
  const stored = holdings.profile;
  return {
    customerId: holdings.customerId,
    exportedAt: iso(now),
    profile: stored
      ? {
          timezone: stored.timezone,
          email: stored.email,
          phone: stored.phone,
          member: stored.member,
          tier: stored.tier,
          orderCount: stored.orderCount,
          recentOrderCount: stored.recentOrderCount,
          firstPurchaseAt: isoIf(stored.firstPurchaseAt),
          lastActiveAt: isoIf(stored.lastActiveAt),
          totalSpend: stored.totalSpend,
          tags: stored.tags,
          attributes: stored.attributes,
          createdAt: iso(stored.createdAt),
        }
      : null,
    consent: stored ? { channels: stored.consent, unsubscribed: stored.unsubscribed } : null,
    suppressions: Object.entries(stored?.suppressed ?? {}).flatMap(([channel, suppression]) =>
      suppression ? [{ channel: channel as never, reason: suppression.reason, at: iso(suppression.at) }] : [],
    ),
    devices: (stored?.devices ?? []).map((device) => ({
      platform: device.platform,
      token: device.token,
      registeredAt: iso(device.registeredAt),
      endpointArn: device.endpointArn,
    })),
    timeline: holdings.timeline.map((event) => ({
      eventId: event.eventId,
      name: event.name,
      at: iso(event.at),
      properties: event.properties,
    })),
    lastEntries: Object.entries(stored?.entered ?? {}).map(([journeyId, entry]) => ({
      journeyId,
      at: iso(entry.at),
      eventId: entry.eventId,
      window: entry.minute,
    })),
    entries: holdings.entries.map((entry) => ({
      journeyId: entry.journeyId,
      window: entry.minute,
      enteredAt: iso(entry.enteredAt),
    })),
    enrollments: holdings.journeys.enrollments.map((enrollment) => ({
      journeyId: enrollment.journeyId,
      lastEnteredAt: iso(enrollment.lastEnteredAt),
      entries: enrollment.entries,
      lastRunId: enrollment.lastRunId,
    })),
    memberships: holdings.runs.map(({ membership }) => ({
      journeyId: membership.journeyId,
      runId: membership.runId,
      group: membership.group,
      enteredAt: iso(membership.enteredAt),
      attributeUntil: iso(membership.attributeUntil),
    })),
    attribution: Object.entries(stored?.marks ?? {}).map(([run, marks]) => {
      // Marks are filed under "<journey>/<run>" (stores/customers.ts, runMarkKey).
      const [journeyId = '', runId = ''] = run.split('/');
      return {
        journeyId,
        runId,
        addedToCartAt: isoIf(marks.addToCartAt),
        orderedAt: isoIf(marks.orderAt),
        until: iso(marks.until),
      };
    }),
    sends: holdings.sends.map((send) => ({
      journeyId: send.journeyId,
      runId: send.runId,
      stepId: send.stepId,
      channel: send.channel,
      template: send.template,
      offer: send.offer,
      outcome: send.outcome,
      at: iso(send.at),
      idempotencyKey: send.idempotencyKey,
    })),
    dailySends: holdings.sendDays.map((day) => ({ day: day.day, messages: day.keys.length })),
    deferredSends: holdings.deferrals.map((deferral) => ({
      journeyId: deferral.journeyId,
      runId: deferral.runId,
      stepId: deferral.stepId,
      dueAt: iso(deferral.dueAt),
    })),
    grants: holdings.grants.map((grant) => ({
      once: grant.kind === 'once',
      offerId: grant.kind === 'once' ? grant.offerId : undefined,
      runId: grant.runId,
      stepId: grant.stepId,
      grantedAt: iso(grant.grantedAt),
    })),
    holdoutSteps: holdings.passages.map((passage) => ({
      runId: passage.runId,
      stepId: passage.stepId,
      group: passage.group,
      passedAt: iso(passage.passedAt),
    })),
    inbox: holdings.inbox.messages.map((message) => ({
      journeyId: message.journeyId,
      runId: message.runId,
      stepId: message.stepId,
      subject: message.subject,
      body: message.body,
      offer: message.offer,
      sentAt: iso(message.sentAt),
      expiresAt: iso(message.expiresAt),
      readAt: isoIf(message.readAt),
    })),
    messages: holdings.outbox.map((message) => ({
      idempotencyKey: message.idempotencyKey,
      channel: message.channel,
      journeyId: message.journeyId,
      stepId: message.stepId,
      to: message.to,
      subject: message.subject,
      body: message.body,
      at: iso(message.at),
    })),
    pushMessages: holdings.pushMessages.map((message) => ({
      messageId: message.messageId,
      journeyId: message.journeyId,
      runId: message.runId,
      stepId: message.stepId,
      platform: message.platform,
      publishedAt: iso(message.publishedAt),
    })),
    erasure: holdings.tombstone ? { erasedAt: iso(holdings.tombstone.erasedAt) } : null,
  };
}
