import type { DocumentPath, Violation } from '../rules/violation.ts';
import { ACTIVITY_TYPES, type Activity, type ActivityType, type PinpointJourney } from './journey-input.ts';

/** One way out of an activity: where it leads (undefined: the participant exits) and where that is written. */
export interface Link {
  readonly label: string;
  readonly to: string | undefined;
  readonly path: DocumentPath;
}

export interface ActivityNode {
  readonly id: string;
  readonly type: ActivityType;
  readonly activity: Activity;
  readonly links: readonly Link[];
  /** A Wait, or a split that waits before it evaluates: a loop through it pauses. */
  readonly waits: boolean;
}

export interface ActivityGraph {
  readonly start: string;
  readonly nodes: ReadonlyMap<string, ActivityNode>;
  /** Reachable activities, breadth first from the start: the order the steps are written in. */
  readonly order: readonly string[];
  /** Activities no path from the start reaches. */
  readonly unreachable: readonly string[];
}

const at = (id: string, ...rest: (string | number)[]): DocumentPath => ['Activities', id, ...rest];

function linksOf(id: string, type: ActivityType, activity: Activity): Link[] {
  const next = (holder: { NextActivity?: string } | undefined) => [
    { label: 'next', to: holder?.NextActivity, path: at(id, type, 'NextActivity') },
  ];
  switch (type) {
    case 'EMAIL':
    case 'SMS':
    case 'PUSH':
    case 'CUSTOM':
    case 'Wait':
    case 'Holdout':
    case 'ContactCenter':
      return next(activity[type]);
    case 'ConditionalSplit':
      return [
        { label: 'true', to: activity.ConditionalSplit?.TrueActivity, path: at(id, type, 'TrueActivity') },
        { label: 'false', to: activity.ConditionalSplit?.FalseActivity, path: at(id, type, 'FalseActivity') },
      ];
    case 'MultiCondition':
      return [
        ...(activity.MultiCondition?.Branches ?? []).map((branch, index) => ({
          label: `branch-${index}`,
          to: branch.NextActivity,
          path: at(id, type, 'Branches', index, 'NextActivity'),
        })),
        {
          label: 'default',
          to: activity.MultiCondition?.DefaultActivity,
          path: at(id, type, 'DefaultActivity'),
        },
      ];
    case 'RandomSplit':
      return (activity.RandomSplit?.Branches ?? []).map((branch, index) => ({
        label: `branch-${index}`,
        to: branch.NextActivity,
        path: at(id, type, 'Branches', index, 'NextActivity'),
      }));
  }
}

const waitsBefore = (time: { WaitFor?: string; WaitUntil?: string } | undefined) =>
  time?.WaitFor !== undefined || time?.WaitUntil !== undefined;

/**
 * The journey's activities as a graph, checked rather than trusted: every activity does exactly
 * one thing, every link names an activity, the start exists, random splits add up to 100 and no
 * loop runs without a wait. Missing links are exits, not errors; unreachable activities are left
 * for the mapping to report.
 */
export function activityGraph(journey: PinpointJourney): { graph?: ActivityGraph; violations: Violation[] } {
  const activities = journey.Activities ?? {};
  const ids = Object.keys(activities);
  const known = ids.join(', ');
  if (ids.length === 0)
    return {
      violations: [
        {
          code: 'pinpoint.no_activities',
          path: ['Activities'],
          message: 'the journey has no Activities; expected at least one activity',
        },
      ],
    };
  const violations: Violation[] = [];
  const nodes = new Map<string, ActivityNode>();
  for (const [id, activity] of Object.entries(activities)) {
    const types = ACTIVITY_TYPES.filter((type) => activity[type] !== undefined);
    const [type] = types;
    if (type === undefined || types.length > 1) {
      violations.push({
        code: types.length > 1 ? 'pinpoint.activity_types' : 'pinpoint.activity_type_missing',
        path: at(id),
        message:
          types.length > 1
            ? `activity "${id}" has ${types.join(' and ')}; an activity does one thing: split it in two`
            : `activity "${id}" says nothing it does; expected one of ${ACTIVITY_TYPES.join(', ')}`,
      });
      continue;
    }
    const split =
      activity.ConditionalSplit?.EvaluationWaitTime ?? activity.MultiCondition?.EvaluationWaitTime;
    // A Wait without a time (the console leaves them in drafts) is reported by the mapping; it pauses no one.
    const waits = type === 'Wait' ? waitsBefore(activity.Wait?.WaitTime) : waitsBefore(split);
    nodes.set(id, { id, type, activity, links: linksOf(id, type, activity), waits });
    violations.push(...activityViolations(id, type, activity));
  }
  for (const node of nodes.values())
    for (const link of node.links)
      if (link.to !== undefined && activities[link.to] === undefined)
        violations.push({
          code: 'pinpoint.unknown_activity',
          path: link.path,
          message: `activity "${node.id}" leads to "${link.to}", which is not an activity; expected one of: ${known}`,
        });
  const start = journey.StartActivity;
  if (start === undefined)
    violations.push({
      code: 'pinpoint.no_start_activity',
      path: [],
      message: `the journey has no StartActivity; expected the id of the activity it starts with, one of: ${known}`,
    });
  else if (activities[start] === undefined)
    violations.push({
      code: 'pinpoint.unknown_start_activity',
      path: ['StartActivity'],
      message: `StartActivity "${start}" is not an activity; expected one of: ${known}`,
    });
  if (violations.length > 0 || start === undefined) return { violations };
  const loops = loopsWithoutWait(nodes);
  if (loops.length > 0) return { violations: loops };
  const order = reachable(start, nodes);
  return {
    graph: { start, nodes, order, unreachable: ids.filter((id) => !order.includes(id)) },
    violations: [],
  };
}

function activityViolations(id: string, type: ActivityType, activity: Activity): Violation[] {
  if (type === 'RandomSplit') {
    const branches = activity.RandomSplit?.Branches ?? [];
    const total = branches.reduce((sum, branch) => sum + (branch.Percentage ?? 0), 0);
    if (branches.length === 0 || total !== 100)
      return [
        {
          code: 'pinpoint.random_split_total',
          path: at(id, 'RandomSplit', 'Branches'),
          message: `activity "${id}": the RandomSplit branches' Percentage add up to ${total}; expected 100`,
        },
      ];
  }
  if (type === 'MultiCondition' && (activity.MultiCondition?.Branches ?? []).length === 0)
    return [
      {
        code: 'pinpoint.multi_condition_empty',
        path: at(id, 'MultiCondition'),
        message: `activity "${id}" is a MultiCondition without Branches; expected at least one branch`,
      },
    ];
  return [];
}

function reachable(start: string, nodes: ReadonlyMap<string, ActivityNode>): string[] {
  const order = [start];
  for (let index = 0; index < order.length; index += 1) {
    for (const link of nodes.get(order[index] ?? '')?.links ?? [])
      if (link.to !== undefined && nodes.has(link.to) && !order.includes(link.to)) order.push(link.to);
  }
  return order;
}

/** Loops through activities none of which waits: Pinpoint would cycle a participant without pause. */
function loopsWithoutWait(nodes: ReadonlyMap<string, ActivityNode>): Violation[] {
  const violations: Violation[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const reported = new Set<string>();
  const visit = (id: string) => {
    state.set(id, 'open');
    stack.push(id);
    for (const link of nodes.get(id)?.links ?? []) {
      const next = link.to;
      if (next === undefined || !nodes.has(next) || nodes.get(next)?.waits) continue;
      if (state.get(next) === 'open') {
        const cycle = stack.slice(stack.indexOf(next));
        const key = [...cycle].sort().join(',');
        if (reported.has(key)) continue;
        reported.add(key);
        violations.push({
          code: 'pinpoint.loop_without_wait',
          path: at(next),
          message: `activities ${[...cycle, next].join(' → ')} form a loop with no Wait, so a participant would go round it without pause; add a Wait to the loop`,
        });
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const [id, node] of nodes) if (!node.waits && !state.has(id)) visit(id);
  return violations;
}
