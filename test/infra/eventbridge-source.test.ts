import { App } from 'aws-cdk-lib';
import { beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { functionId, ofType, type Resource, statementsWith } from '../support/infra.ts';

/** A stage's template; buildApp runs cdk-nag's AwsSolutions checks, so synth throws on an unacknowledged finding. */
async function synth(stage: string, context: Record<string, string> = {}) {
  // Bundling skipped: only the template is read here.
  const app = await buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [], stage, ...context } }));
  return app.synth().getStackByName(`Journeys-${stage}`).template as { Resources: Record<string, Resource> };
}

const PARTNER_BUS = 'aws.partner/segment.com/YdgkQ6bm4k';
let partner: Awaited<ReturnType<typeof synth>>;
let own: Awaited<ReturnType<typeof synth>>;
let off: Awaited<ReturnType<typeof synth>>;
beforeAll(async () => {
  [partner, own, off] = await Promise.all([
    synth('ebpartner', { eventBusName: PARTNER_BUS }),
    synth('ebown', { eventBusName: 'default', eventSources: 'journeys.events, rudderstack*' }),
    synth('eboff'),
  ]);
}, 180_000);

const only = <T>(items: readonly T[]): T => {
  expect(items).toHaveLength(1);
  return items[0] as T;
};
const idOf = (value: unknown) => JSON.stringify(value).match(/"(?:Ref|Fn::GetAtt)":\[?"([^"]+)"/)?.[1];
/** The queues of the EventBridge source: the one the rule fills, and its dead-letter queue. */
function queuesOf(template: Awaited<ReturnType<typeof synth>>) {
  const queues = ofType(template.Resources, 'AWS::SQS::Queue').filter(([id]) => id.startsWith('EventBridge'));
  const [queueId, queue] = only(
    queues.filter(([, resource]) => resource.Properties.RedrivePolicy !== undefined),
  );
  const deadLetterId = idOf(
    (queue.Properties.RedrivePolicy as { deadLetterTargetArn: unknown }).deadLetterTargetArn,
  );
  return { queueId, queue, deadLetterId, deadLetter: template.Resources[deadLetterId ?? ''] as Resource };
}

describe('EventBridge as a source of customer events', () => {
  test('a rule on the partner bus takes its own source into an encrypted queue, with a dead-letter queue after 5 receives', () => {
    // Act
    const [, rule] = only(
      ofType(partner.Resources, 'AWS::Events::Rule').filter(([id]) => id.startsWith('EventBridge')),
    );
    const { queueId, queue, deadLetterId, deadLetter } = queuesOf(partner);

    // Assess
    expect(rule.Properties).toMatchObject({
      EventBusName: PARTNER_BUS,
      EventPattern: { source: [PARTNER_BUS] },
    });
    const [target] = rule.Properties.Targets as { Arn: unknown; DeadLetterConfig: { Arn: unknown } }[];
    expect(idOf(target?.Arn)).toBe(queueId);
    expect(idOf(target?.DeadLetterConfig.Arn)).toBe(deadLetterId);
    expect(queue.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 360,
      RedrivePolicy: { maxReceiveCount: 5 },
    });
    expect(deadLetter.Properties).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
  });

  test('the queue takes messages only from the rule, over TLS', () => {
    // Act
    const { queueId } = queuesOf(partner);
    const policies = ofType(partner.Resources, 'AWS::SQS::QueuePolicy').filter(([, policy]) =>
      JSON.stringify(policy.Properties.Queues).includes(queueId),
    );
    const statements = policies.flatMap(
      ([, policy]) =>
        (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement,
    );

    // Assess
    const send = only(statements.filter((statement) => statement.Effect === 'Allow'));
    expect(send).toMatchObject({ Principal: { Service: 'events.amazonaws.com' } });
    expect([send.Action].flat()).toContain('sqs:SendMessage');
    expect(JSON.stringify(send.Condition)).toContain('aws:SourceArn');
    expect(
      statements.some(
        (statement) =>
          statement.Effect === 'Deny' && JSON.stringify(statement).includes('aws:SecureTransport'),
      ),
    ).toBe(true);
  });

  test('the eventbridge-events function reads the queue with partial batch responses, and may only consume it', () => {
    // Act
    const fnId = functionId(partner.Resources, 'eventbridge-events');
    const mapping = only(
      ofType(partner.Resources, 'AWS::Lambda::EventSourceMapping').filter(
        ([, resource]) => idOf(resource.Properties.FunctionName) === fnId,
      ),
    )[1];
    const sqs = statementsWith(partner.Resources, /^sqs:/)['eventbridge-events'] ?? [];
    const { queueId } = queuesOf(partner);

    // Assess
    expect(mapping.Properties).toMatchObject({
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 2,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(idOf(mapping.Properties.EventSourceArn)).toBe(queueId);
    expect(sqs.flatMap((statement) => [statement.Action].flat()).sort()).toEqual([
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:ReceiveMessage',
    ]);
    for (const statement of sqs) expect(idOf(statement.Resource)).toBe(queueId);
    const tables = (statementsWith(partner.Resources, /^dynamodb:/)['eventbridge-events'] ?? []).map(
      (statement) =>
        JSON.stringify(statement.Resource)
          .match(/Tables(customers|events|state|outbox)/i)?.[1]
          ?.toLowerCase(),
    );
    expect([...new Set(tables)].sort()).toEqual(['customers', 'events', 'state']);
  });

  test('on another bus it takes the sources given, a trailing "*" as a prefix', () => {
    const [, rule] = only(
      ofType(own.Resources, 'AWS::Events::Rule').filter(([id]) => id.startsWith('EventBridge')),
    );

    expect(rule.Properties).toMatchObject({
      EventBusName: 'default',
      EventPattern: { source: ['journeys.events', { prefix: 'rudderstack' }] },
    });
  });

  test('is off without eventBusName, and a bad context value stops the synth naming it', async () => {
    expect(ofType(off.Resources, 'AWS::Events::Rule').filter(([id]) => id.startsWith('EventBridge'))).toEqual(
      [],
    );
    await expect(synth('ebbad', { eventSources: 'journeys.events' })).rejects.toThrow(
      'expected eventBusName as well',
    );
    await expect(synth('ebbad', { eventBusName: 'bus with spaces' })).rejects.toThrow(
      'expected an event bus name',
    );
  });
});
