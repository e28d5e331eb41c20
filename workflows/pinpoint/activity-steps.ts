import { assertUnreachable } from '../language/journey-graph.ts';
import type { Channel } from '../schema/index.ts';
import type { ActivityNode } from './activity-graph.ts';
import { convertDuration } from './iso-duration.ts';
import { splitSteps } from './split-steps.ts';
import { type ActivitySteps, type StepContext, subjectOf } from './step-context.ts';
import { waitUntil } from './wait-until.ts';

const CHANNEL_OF = { EMAIL: 'email', SMS: 'sms', PUSH: 'push' } as const satisfies Record<string, Channel>;

/** The Lambda a CUSTOM activity names by ARN or by bare function name, rather than an https URL. */
const isLambda = (uri: string) => uri.startsWith('arn:') || !/^https?:\/\//.test(uri);

/**
 * The steps one activity becomes, linked to the steps its links lead to. Activities the mapping
 * leaves out (a 0% holdout, a contact center call) have no step: links to them go on to their next.
 */
export function activitySteps(node: ActivityNode, context: StepContext): ActivitySteps {
  const id = context.idOf(node.id);
  const next = () => context.target(node.links[0]?.to);
  const subject = subjectOf(node);
  const { activity } = node;
  switch (node.type) {
    case 'EMAIL':
    case 'SMS':
    case 'PUSH': {
      const message = activity[node.type];
      const channel = CHANNEL_OF[node.type];
      const template = context.template(channel, message?.TemplateName, node);
      context.decide({
        subject,
        outcome: 'mapped',
        detail: `send step ${id} on ${channel}, template ${template}`,
        stepId: id,
      });
      for (const [key, value] of Object.entries(message?.MessageConfig ?? {}))
        context.decide({
          subject,
          outcome: 'lost',
          detail: `MessageConfig.${key} ${JSON.stringify(value)}: the sender is set per deployment here (docs/channels.md), not per message`,
          stepId: id,
        });
      return { steps: [{ id, kind: 'send', channel, template, next: next() }] };
    }
    case 'CUSTOM': {
      const custom = activity.CUSTOM;
      const uri = custom?.DeliveryUri ?? '';
      const template = context.template('webhook', custom?.TemplateName, node);
      if (isLambda(uri))
        context.decide({
          subject,
          outcome: 'lost',
          detail: `calls the Lambda function ${uri || '(none given)'}; journeys call webhooks: give the function a URL (a Function URL or an API) and put it in template ${template} and the webhook allowlist`,
          stepId: id,
        });
      else
        context.decide({
          subject,
          outcome: 'mapped',
          detail: `webhook step ${id} POSTing to ${uri}, template ${template}`,
          stepId: id,
        });
      if (custom?.EndpointTypes?.length)
        context.decide({
          subject,
          outcome: 'approximated',
          detail: `EndpointTypes ${custom.EndpointTypes.join(', ')}: Pinpoint called once per endpoint of those types, this step once per customer`,
          stepId: id,
        });
      return { steps: [{ id, kind: 'send', channel: 'webhook', template, next: next() }] };
    }
    case 'Wait': {
      const time = activity.Wait?.WaitTime;
      if (time?.WaitUntil !== undefined) {
        const until = waitUntil(time.WaitUntil, node, id, context);
        context.decide({ subject, outcome: 'mapped', detail: `wait step ${id} until ${until}`, stepId: id });
        return { steps: [{ id, kind: 'wait', until, next: next() }] };
      }
      if (time?.WaitFor === undefined) {
        context.decide({
          subject,
          outcome: 'lost',
          detail:
            'a Wait without WaitTime.WaitFor or WaitUntil (a draft Pinpoint never ran): left out, its customers go straight on; add a wait step if the journey should pause here',
          field: 'steps',
        });
        return { steps: [], passTo: next() };
      }
      const duration = convertDuration(time.WaitFor);
      if (!duration || duration.seconds === 0) {
        context.decide({ subject, outcome: 'mapped', detail: 'a wait of no time: left out' });
        return { steps: [], passTo: next() };
      }
      context.decide({
        subject,
        outcome: duration.approximate ? 'approximated' : 'mapped',
        detail: `wait step ${id} of ${duration.text} (${time?.WaitFor})${duration.approximate ? ', reading a month as 30 days and a year as 365' : ''}`,
        stepId: id,
      });
      return { steps: [{ id, kind: 'wait', duration: duration.text, next: next() }] };
    }
    case 'Holdout':
      return holdout(node, id, context);
    case 'ContactCenter':
      context.decide({
        subject,
        outcome: 'lost',
        detail:
          'an Amazon Connect call has no counterpart here: left out, its customers go on to the next activity',
        field: 'steps',
      });
      return { steps: [], passTo: next() };
    case 'ConditionalSplit':
    case 'MultiCondition':
    case 'RandomSplit':
      return splitSteps(node, id, context);
    default:
      return assertUnreachable(node.type);
  }
}

/** A Holdout at the start is the journey's own holdout (up to its 50%); elsewhere a holdout step. */
function holdout(node: ActivityNode, id: string, context: StepContext): ActivitySteps {
  const subject = subjectOf(node);
  const percent = node.activity.Holdout?.Percentage ?? 0;
  const next = context.target(node.links[0]?.to);
  if (percent === 0) {
    context.decide({ subject, outcome: 'mapped', detail: 'a holdout of 0% holds no one: left out' });
    return { steps: [], passTo: next };
  }
  if (percent === 100) {
    context.decide({
      subject,
      outcome: 'mapped',
      detail: 'a holdout of 100% holds everyone: its customers leave the journey here',
    });
    return { steps: [], passTo: context.target(undefined) };
  }
  if (node.id === context.graph.start && percent <= 50) {
    context.holdOutAtEntry(percent);
    context.decide({
      subject,
      outcome: 'mapped',
      detail: `the journey's holdout: ${percent}% of entrants get nothing and are tracked, so the report measures the journey's lift`,
      field: 'holdout',
    });
    return { steps: [], passTo: next };
  }
  context.decide({
    subject,
    outcome: 'mapped',
    detail: `holdout step ${id}: ${percent}% of the customers reaching it stop there and are tracked, so the report measures the lift of the steps after it`,
    stepId: id,
  });
  return { steps: [{ id, kind: 'holdout', percent, next }] };
}
