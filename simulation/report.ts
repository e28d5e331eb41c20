import { LOCAL_TABLES, type OperationCounts } from '../engine/engine.ts';
import { billOfOperations } from '../engine/metering/run-bill.ts';
import type { FunnelRow } from '../functions/commons/stores/funnel.ts';
import type { DayCounts } from '../report/model/report-data.ts';
import type { StepRow } from '../report/model/step-rows.ts';
import type { Journey } from '../workflows/schema/index.ts';
import { type EmailStepFunnel, formatEmailSteps } from './email-funnel.ts';
import { formatStatistics, type JourneyStatistics, journeyStatistics } from './funnel-statistics.ts';
import type { HoldoutStepFunnel } from './holdout-steps.ts';
import { formatSmsSteps, type SmsStepFunnel } from './sms-funnel.ts';

export interface JourneyFunnel {
  readonly journeyId: string;
  readonly entered: number;
  readonly heldOut: number;
  readonly reached: number;
  readonly addedToCart: number;
  readonly ordered: number;
  readonly newCustomers: number;
  readonly revenue: number;
  readonly offerCost: number;
  readonly sent: number;
  readonly suppressed: {
    consent: number;
    unsubscribed: number;
    deferredQuietHours: number;
    capped: number;
    suppressedByFeedback: number;
    noAddress: number;
    noDevice: number;
    noOffer: number;
    rejected: number;
  };
  readonly converted: number;
  /** Orders per treated entrant. */
  readonly cvr: number;
  readonly holdoutCvr: number;
  /** (CVR − holdout CVR) / holdout CVR; undefined without a holdout that ordered. */
  readonly lift?: number;
  /** (revenue − offer cost) / offer cost; undefined without offer cost. */
  readonly roi?: number;
  readonly holdoutOrdered: number;
  readonly holdoutRevenue: number;
  /** What the journey's messages cost, in the revenue's currency (pricing/message-prices.ts). */
  readonly messageCost: number;
  /** Lift, incremental results and power, with their 95% intervals. */
  readonly statistics: JourneyStatistics;
  /** The journey's email steps with the provider's feedback on their messages. */
  readonly email?: readonly EmailStepFunnel[];
  /** The journey's SMS steps with the segments their messages were billed as. */
  readonly sms?: readonly SmsStepFunnel[];
  /** The journey's holdout steps, each with the lift of the steps after it. */
  readonly holdoutSteps?: readonly HoldoutStepFunnel[];
  /** Its funnel rows summed over runs, by step and variant: what the HTML report draws. */
  readonly rows?: readonly StepRow[];
}

const sum = (rows: readonly FunnelRow[], metric: keyof FunnelRow['counts']) =>
  rows.reduce((total, row) => total + (row.counts[metric] ?? 0), 0);

/** The funnel of one journey across its runs, from its counters, its reached customers and its message cost. */
export function journeyFunnel(
  journey: Journey,
  rows: readonly FunnelRow[],
  reached: number,
  messageCost: number,
): JourneyFunnel {
  const journeyId = journey.id;
  const journeyRows = rows.filter((row) => row.stepId === '$journey');
  const treated = journeyRows.filter((row) => row.variant === 'treated');
  const holdout = journeyRows.filter((row) => row.variant === 'holdout');
  const enteredTreated = sum(treated, 'entered');
  const heldOut = sum(holdout, 'heldOut');
  const ordered = sum(treated, 'ordered');
  const holdoutOrdered = sum(holdout, 'ordered');
  const cvr = enteredTreated > 0 ? ordered / enteredTreated : 0;
  const holdoutCvr = heldOut > 0 ? holdoutOrdered / heldOut : 0;
  const revenue = sum(treated, 'revenue');
  const offerCost = sum(rows, 'offerCost');
  const holdoutRevenue = sum(holdout, 'revenue');
  const statistics = journeyStatistics({
    treated: { customers: enteredTreated, ordered, revenue },
    holdout: { customers: heldOut, ordered: holdoutOrdered, revenue: holdoutRevenue },
    offerCost,
    messageCost,
    holdoutPercent: journey.holdout ?? 0,
  });
  return {
    journeyId,
    entered: enteredTreated + heldOut,
    heldOut,
    reached,
    addedToCart: sum(treated, 'addedToCart'),
    ordered,
    newCustomers: sum(treated, 'newCustomers'),
    revenue: round(revenue),
    offerCost: round(offerCost),
    sent: sum(rows, 'sent'),
    suppressed: {
      consent: sum(rows, 'skippedConsent'),
      unsubscribed: sum(rows, 'skippedUnsubscribed'),
      deferredQuietHours: sum(rows, 'deferredQuietHours'),
      capped: sum(rows, 'capped'),
      suppressedByFeedback: sum(rows, 'skippedSuppressed'),
      noAddress: sum(rows, 'skippedNoAddress'),
      noDevice: sum(rows, 'skippedNoDevice'),
      noOffer: sum(rows, 'skippedNoOffer'),
      rejected: sum(rows, 'rejected'),
    },
    converted: sum(rows, 'converted'),
    cvr: round(cvr, 4),
    holdoutCvr: round(holdoutCvr, 4),
    lift: holdoutCvr > 0 ? round((cvr - holdoutCvr) / holdoutCvr, 4) : undefined,
    roi: offerCost > 0 ? round((revenue - offerCost) / offerCost, 2) : undefined,
    holdoutOrdered,
    holdoutRevenue: round(holdoutRevenue),
    messageCost: round(messageCost),
    statistics,
  };
}

function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

const percent = (value: number | undefined) => (value === undefined ? '—' : `${(value * 100).toFixed(1)}%`);
const money = (value: number) => `¥${value.toLocaleString('en-US', { maximumFractionDigits: 0 })}`;

/** The funnel table and the AWS operation counts, as printed by `npm start`. */
export function formatReport(funnels: readonly JourneyFunnel[], operations: OperationCounts): string {
  const header = [
    'journey',
    'entered',
    'held out',
    'reached',
    'carted',
    'ordered',
    'new cust.',
    'revenue',
    'offer cost',
    'CVR',
    'holdout CVR',
    'lift',
    'ROI',
  ];
  const rows = funnels.map((funnel) => [
    funnel.journeyId,
    String(funnel.entered),
    String(funnel.heldOut),
    String(funnel.reached),
    String(funnel.addedToCart),
    String(funnel.ordered),
    String(funnel.newCustomers),
    money(funnel.revenue),
    money(funnel.offerCost),
    percent(funnel.cvr),
    percent(funnel.holdoutCvr),
    percent(funnel.lift),
    funnel.roi === undefined ? '—' : `${funnel.roi.toFixed(1)}x`,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ');
  const suppressed = funnels.map(
    (funnel) =>
      `  ${funnel.journeyId}: ${funnel.sent} sent; skipped ${funnel.suppressed.consent} without consent, ${funnel.suppressed.unsubscribed} unsubscribed; ${funnel.suppressed.deferredQuietHours} deferred for quiet hours; ${funnel.suppressed.capped} capped; ${funnel.suppressed.noOffer} without the offer, ${funnel.suppressed.noAddress} without an address, ${funnel.suppressed.noDevice} without a device, ${funnel.suppressed.suppressedByFeedback} suppressed after a bounce or complaint, ${funnel.suppressed.rejected} rejected; ${funnel.converted} left at the goal`,
  );
  const lambda = Object.entries(operations.lambdaInvocations)
    .sort()
    .map(([name, count]) => `${name} ${count}`)
    .join(', ');
  const dynamoRequests = [...operations.dynamo.requests]
    .sort()
    .map(([name, count]) => `${name} ${count}`)
    .join(', ');
  return [
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
    '',
    'Lift and ROI, with 95% intervals (docs/metrics.md)',
    ...funnels.flatMap((funnel) => [
      formatStatistics(funnel.journeyId, funnel.statistics),
      ...(funnel.holdoutSteps ?? []).map((step) =>
        formatStatistics(`${funnel.journeyId} after holdout step ${step.stepId}`, step.statistics),
      ),
    ]),
    '',
    'Messages',
    ...suppressed,
    '',
    'Email feedback by step',
    ...funnels.flatMap((funnel) => formatEmailSteps(funnel.journeyId, funnel.email ?? [])),
    '',
    'SMS segments by step (SMS is billed per segment)',
    ...funnels.flatMap((funnel) => formatSmsSteps(funnel.journeyId, funnel.sms ?? [])),
    '',
    'AWS operations this run would have used',
    `  Step Functions: ${operations.standardTransitions} Standard state transitions; ${operations.expressChildren} Express child executions (Distributed Map items) with ${operations.expressTransitions} transitions`,
    `    by journey: ${Object.entries(operations.byJourney)
      .sort(([x], [y]) => x.localeCompare(y))
      .map(
        ([journeyId, counts]) =>
          `${journeyId} ${counts.executions} executions, ${counts.standardTransitions} transitions, ${counts.expressChildren} children`,
      )
      .join('; ')}`,
    `  Lambda: ${Object.values(operations.lambdaInvocations).reduce((a, b) => a + b, 0)} invocations (${lambda})`,
    `  DynamoDB: ${operations.dynamo.total()} requests, ${Math.round(operations.dynamo.readCapacity)} read units, ${Math.round(operations.dynamo.writeCapacity)} write units (${dynamoRequests})`,
    `    by payer: ${Object.entries(operations.byPayer)
      .map(
        ([payer, { dynamo }]) =>
          `${payer} ${dynamo.requests} requests, ${Math.round(dynamo.readCapacity)} read and ${Math.round(dynamo.writeCapacity)} write units`,
      )
      .join('; ')}`,
  ].join('\n');
}

/** A simulation's result as the JSON of out/report.json (and of the bench), Maps made plain. */
export function reportJson(
  options: Record<string, unknown>,
  result: {
    funnels: JourneyFunnel[];
    operations: OperationCounts;
    events: number;
    messages: number;
    failedExecutions: number;
    daily?: readonly DayCounts[];
    /** The journeys as they ran, so `journeys report` draws them without the workspace. */
    journeys?: readonly Journey[];
  },
): Record<string, unknown> {
  const { dynamo, ...operations } = result.operations;
  return {
    options,
    ...(result.journeys ? { journeys: result.journeys } : {}),
    funnels: result.funnels,
    daily: result.daily ?? [],
    bill: billOfOperations(result.operations, result.events),
    operations: {
      ...operations,
      dynamo: {
        requests: Object.fromEntries(dynamo.requests),
        byKind: Object.fromEntries([...dynamo.requestsByKind].sort((a, b) => b[1] - a[1])),
        writeUnitsByKind: Object.fromEntries([...dynamo.writeUnitsByKind].sort((a, b) => b[1] - a[1])),
        writeUnitsByTable: Object.fromEntries(
          Object.entries(LOCAL_TABLES).map(([logical, table]) => [
            logical,
            dynamo.writeUnitsByTable.get(table) ?? 0,
          ]),
        ),
        readCapacity: dynamo.readCapacity,
        writeCapacity: dynamo.writeCapacity,
      },
    },
    events: result.events,
    messages: result.messages,
    failedExecutions: result.failedExecutions,
  };
}
