import type { Violation } from '../rules/violation.ts';
import type { Channel, JourneyInput } from '../schema/index.ts';
import { type ActivityNode, activityGraph } from './activity-graph.ts';
import type { ConditionContext } from './conditions.ts';
import { mergeEvents } from './custom-events.ts';
import { mapHours, mapLimits } from './delivery-settings.ts';
import type { CustomEventUse } from './events.ts';
import type { PinpointSegment, PinpointTemplate } from './export-input.ts';
import type { Decision, ImportReport } from './import-report.ts';
import type { PinpointJourney } from './journey-input.ts';
import { journeyNotes } from './journey-notes.ts';
import { journeySteps } from './journey-steps.ts';
import { activityStepId, IdAllocator, kebabId } from './step-ids.ts';
import { templateVersionDecision } from './template-version.ts';
import { type ImportedTemplate, importTemplate } from './templates.ts';
import { mapTrigger } from './trigger-settings.ts';

/** What the import has besides the journey: the exported segments and templates, by id and name. */
export interface PinpointExports {
  readonly segments: ReadonlyMap<string, PinpointSegment>;
  readonly templates: ReadonlyMap<string, readonly PinpointTemplate[]>;
}

export interface ImportOptions {
  /** When the import runs: the start of a scheduled journey that gave none. */
  readonly now: Date;
  /**
   * The templates of the journeys imported before this one in the same run, by channel and
   * Pinpoint name: a template two journeys use is written once. New ones are added to it.
   */
  readonly sharedTemplates?: Map<string, ImportedTemplate>;
  /** Where the journey came from, for the report: "welcome.json (get-journey)". */
  readonly source: string;
}

export interface ImportedJourney {
  readonly journey: JourneyInput;
  readonly templates: readonly ImportedTemplate[];
  /** Custom events the journey names, to declare in the event catalog. */
  readonly customEvents: readonly CustomEventUse[];
  readonly report: ImportReport;
}

export type ImportResult =
  | { readonly ok: true; readonly imported: ImportedJourney }
  | { readonly ok: false; readonly violations: readonly Violation[] };

const MESSAGE_TYPES = new Set(['EMAIL', 'SMS', 'PUSH', 'CUSTOM']);

/**
 * Maps one Pinpoint journey onto the journey language: its activities onto steps, its start
 * condition onto a trigger, its settings onto limits and hours, its templates onto Liquid ones.
 * The graph is checked first; a journey Pinpoint itself could not run is refused with every
 * violation, each naming its activity. Everything else maps, or is reported as lost.
 */
export function importJourney(
  pinpoint: PinpointJourney,
  exports: PinpointExports,
  options: ImportOptions,
): ImportResult {
  const { graph, violations } = activityGraph(pinpoint);
  const start = pinpoint.StartCondition;
  const startViolations: Violation[] =
    start?.EventStartCondition && start.SegmentStartCondition
      ? [
          {
            code: 'pinpoint.two_start_conditions',
            path: ['StartCondition'],
            message:
              'the StartCondition has both an EventStartCondition and a SegmentStartCondition; expected one',
          },
        ]
      : !start?.EventStartCondition && !start?.SegmentStartCondition
        ? [
            {
              code: 'pinpoint.no_start_condition',
              path: ['StartCondition'],
              message:
                'the journey has no StartCondition; expected an EventStartCondition or a SegmentStartCondition',
            },
          ]
        : [];
  if (!graph || violations.length > 0 || startViolations.length > 0)
    return { ok: false, violations: [...violations, ...startViolations] };

  const decisions: Decision[] = [];
  const decide = (decision: Decision) => decisions.push(decision);
  const customEvents: CustomEventUse[] = [];
  const useEvent = (use: CustomEventUse) => customEvents.push(use);
  const shared = options.sharedTemplates ?? new Map<string, ImportedTemplate>();
  const templateIds = new IdAllocator([...shared.values()].map((known) => known.template.id));
  const templates = new Map<string, ImportedTemplate>();
  const stepIds = new Map<string, string>();
  let holdout: number | undefined;

  const conditions = (window: ConditionContext['window']): ConditionContext => ({
    segments: exports.segments,
    window,
    stepOf: (activityId) =>
      MESSAGE_TYPES.has(graph.nodes.get(activityId)?.type ?? '') ? stepIds.get(activityId) : undefined,
    useEvent,
  });
  const template = (channel: Channel, name: string | undefined, node: ActivityNode): string => {
    // A template without a name (a webhook's message) belongs to its activity alone.
    const key =
      name === undefined ? `${channel}\u0000#${options.source}#${node.id}` : `${channel}\u0000${name}`;
    const exported =
      name === undefined
        ? undefined
        : exports.templates.get(name)?.find((candidate) => matches(candidate, channel));
    const version = templateVersionDecision(node, exported, stepIds.get(node.id));
    if (version) decide(version);
    const known = templates.get(key) ?? shared.get(key);
    if (known) {
      templates.set(key, known);
      return known.template.id;
    }
    const other = name === undefined ? undefined : exports.templates.get(name)?.[0];
    const own = activityStepId(node.id, node.type);
    // A template without a name takes its activity's id, with the channel when that id is made of words.
    const id = templateIds.take(
      name !== undefined
        ? kebabId(name, 'template')
        : own === kebabId(node.id)
          ? kebabId(`${node.id}-${channel}`)
          : own,
    );
    const custom = node.activity.CUSTOM;
    const imported = importTemplate(id, channel, exported ?? other, {
      ...(name ? { name } : {}),
      ...(custom?.DeliveryUri ? { url: custom.DeliveryUri } : {}),
      ...(custom?.MessageConfig?.Data ? { data: custom.MessageConfig.Data } : {}),
    });
    templates.set(key, imported);
    shared.set(key, imported);
    const subject = `template ${name ?? `of ${node.id}`}`;
    for (const note of imported.notes) decide({ subject, outcome: 'mapped', detail: `${id}: ${note}` });
    for (const todo of imported.todos) decide({ subject, outcome: 'lost', detail: `${id}: ${todo}` });
    return id;
  };
  const ids = new IdAllocator();
  for (const activityId of graph.order) {
    const type = graph.nodes.get(activityId)?.type;
    if (type) stepIds.set(activityId, ids.take(activityStepId(activityId, type)));
  }

  const steps = journeySteps(
    graph,
    {
      graph,
      template,
      conditions,
      decide,
      holdOutAtEntry: (percent) => {
        holdout = percent;
      },
    },
    ids,
    stepIds,
  );
  for (const activityId of graph.unreachable)
    decide({
      subject: `activity ${activityId}`,
      outcome: 'lost',
      detail: `no path from StartActivity "${graph.start}" reaches it: left out`,
      field: 'steps',
    });
  const trigger = mapTrigger(pinpoint, {
    conditions: conditions({ within: '30d' }),
    useEvent,
    decide,
    now: options.now,
  });
  const { limits, entry } = mapLimits(pinpoint, decide);
  const hours = mapHours(pinpoint, decide);
  const id = kebabId(pinpoint.Name, 'journey');
  decisions.push(...journeyNotes(pinpoint, id));
  const journey: JourneyInput = {
    id,
    name: pinpoint.Name.slice(0, 120),
    description: `Imported from the Amazon Pinpoint journey "${pinpoint.Name}"${pinpoint.Id ? ` (${pinpoint.Id})` : ''}.`,
    version: 1,
    trigger: trigger.trigger,
    entry: { ...entry, ...(trigger.only ? { only: trigger.only } : {}) },
    ...(holdout !== undefined ? { holdout } : {}),
    ...(limits ? { limits } : {}),
    ...hours,
    steps: steps.length > 0 ? steps : [{ id: 'end', kind: 'exit' }],
  };
  return {
    ok: true,
    imported: {
      journey,
      templates: [...templates.values()],
      customEvents: mergeEvents(customEvents),
      report: { source: options.source, journeyId: id, decisions: orderDecisions(decisions) },
    },
  };
}

function matches(template: PinpointTemplate, channel: Channel): boolean {
  return template.kind === channel;
}

/** The journey's own settings first, then activities and templates in the order they were met. */
function orderDecisions(decisions: readonly Decision[]): Decision[] {
  const rank = (decision: Decision) =>
    decision.subject.startsWith('activity ') ? 1 : decision.subject.startsWith('template ') ? 2 : 0;
  return [...decisions].sort((a, b) => rank(a) - rank(b));
}
