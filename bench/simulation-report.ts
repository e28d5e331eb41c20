import { z } from 'zod';
import { PAYERS } from '../engine/metering/payers.ts';
import type { MeasuredCounts } from '../pricing/cost-model.ts';
import { payerCounts } from '../pricing/run-bill.ts';
import type { Journey } from '../workflows/schema/index.ts';
import type { JourneyWork } from './cohort-projection.ts';
import { stepsOnLongestPath } from './journey-steps.ts';
import type { NaiveJourney } from './naive-design.ts';

const count = z.number().nonnegative();

/** What the local engine charged to one payer: a journey, the events API or the ticker. */
const PayerCounts = z.object({
  lambdaInvocations: z.record(z.string(), count),
  dynamo: z.object({
    requests: count,
    readCapacity: count,
    writeCapacity: count,
    providerWriteCapacity: count,
  }),
});

/** The parts of the report `journeys simulate --report <file>` writes that the models read. */
export const SimulationReport = z.object({
  options: z.object({ customers: z.number().int().positive(), days: z.number().int().positive() }),
  funnels: z.array(z.object({ journeyId: z.string(), entered: count, heldOut: count })),
  operations: z.object({
    standardTransitions: count,
    expressChildren: count,
    expressTransitions: count,
    lambdaInvocations: z.record(z.string(), count),
    byJourney: z
      .record(z.string(), z.object({ executions: count, standardTransitions: count, expressChildren: count }))
      .optional(),
    byPayer: z.record(z.string(), PayerCounts).optional(),
    dynamo: z.object({
      readCapacity: count,
      writeCapacity: count,
      writeUnitsByTable: z.record(z.string(), count).optional(),
    }),
  }),
  events: count,
});
export type SimulationReport = z.infer<typeof SimulationReport>;

/** Parses a report, naming the first field that does not fit. */
export function parseSimulationReport(data: unknown, file = 'the report'): SimulationReport {
  const parsed = SimulationReport.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(
    `${file} is not a simulation report: ${issue?.path.join('.') || '(root)'}: ${issue?.message}. Write one with \`journeys simulate --report <file>\`.`,
  );
}

export function countsOf(report: SimulationReport): MeasuredCounts {
  const { readCapacity, writeCapacity, writeUnitsByTable } = report.operations.dynamo;
  const { byJourney: _byJourney, byPayer: _byPayer, ...operations } = report.operations;
  return {
    ...operations,
    dynamo: { readCapacity, writeCapacity, providerWriteCapacity: writeUnitsByTable?.outbox ?? 0 },
    events: report.events,
  };
}

/** Each journey of the report as the naive design would have run it: entered × steps on its longest path. */
export function naiveJourneysOf(
  report: SimulationReport,
  journeys: ReadonlyMap<string, Journey>,
): NaiveJourney[] {
  return report.funnels.map((funnel) => {
    const journey = journeys.get(funnel.journeyId);
    if (!journey)
      throw new Error(`the report names journey ${funnel.journeyId}, which is not in the workspace`);
    return {
      journeyId: funnel.journeyId,
      entered: funnel.entered,
      heldOut: funnel.heldOut,
      stepsPerCustomer: stepsOnLongestPath(journey),
    };
  });
}

/** Each journey's execution work in the report, with its entries; undefined for a report without it. */
export function journeyWorkOf(report: SimulationReport): Record<string, JourneyWork> | undefined {
  const byJourney = report.operations.byJourney;
  if (!byJourney) return undefined;
  const entered = new Map(report.funnels.map((funnel) => [funnel.journeyId, funnel.entered]));
  return Object.fromEntries(
    Object.entries(byJourney).map(([journeyId, work]) => [
      journeyId,
      { ...work, entered: entered.get(journeyId) ?? 0 },
    ]),
  );
}

/**
 * The counts charged to each payer of the report (see `OperationCounts.byPayer`): a journey's own
 * executions, Lambda calls and DynamoDB units; the events API's units and the events it took; the
 * ticker's. Undefined for a report without them.
 */
export function payerCountsOf(report: SimulationReport): Record<string, MeasuredCounts> | undefined {
  if (!report.operations.byPayer) return undefined;
  return payerCounts({
    byJourney: report.operations.byJourney,
    byPayer: report.operations.byPayer,
    events: report.events,
    eventsApiPayer: PAYERS.eventsApi,
  });
}
