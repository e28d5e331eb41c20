import { z } from 'zod';
import type { RunBill } from '../../pricing/run-bill.ts';
import { Journey } from '../../workflows/schema/index.ts';
import { journeyView } from '../model/journey-view.ts';
import type { ReportData } from '../model/report-data.ts';

const count = z.number().nonnegative();
const Counts = z.record(z.string(), z.number());

const ServiceCost = z.object({ usd: z.number() }).loose();
/** The parts of a bill the page draws; the rest of the cost model's fields pass through. */
const Bill = z
  .object({
    stepFunctionsStandard: ServiceCost.extend({ transitions: count }),
    stepFunctionsExpress: ServiceCost.extend({ requests: count }),
    lambda: ServiceCost.extend({ requests: count }),
    dynamoDb: ServiceCost.extend({ writeRequestUnits: count, readRequestUnits: count }),
    scheduler: ServiceCost.extend({ invocations: count }),
    apiGateway: ServiceCost.extend({ requests: count }),
    total: z.number(),
  })
  .loose();

/** What `journeys report` reads of the file `journeys simulate` writes (out/report.json). */
export const ReportFile = z.object({
  options: z.record(z.string(), z.unknown()).default({}),
  journeys: z.array(z.unknown()).optional(),
  funnels: z.array(
    z
      .object({
        journeyId: z.string(),
        reached: count.optional(),
        messageCost: count.optional(),
        rows: z.array(z.object({ stepId: z.string(), variant: z.string(), counts: Counts })).optional(),
      })
      .loose(),
  ),
  daily: z
    .array(
      z.object({
        day: z.number().int().positive(),
        from: z.string(),
        journeys: z.record(z.string(), z.object({ entered: z.number(), ordered: z.number() })),
      }),
    )
    .default([]),
  bill: z.object({ total: Bill, byPayer: z.record(z.string(), Bill) }).optional(),
});
export type ReportFile = z.infer<typeof ReportFile>;

export class ReportFileError extends Error {
  override readonly name = 'ReportFileError';
}

/** Parses a report file, naming the first field that does not fit and how to get a good one. */
export function parseReportFile(data: unknown, file: string): ReportFile {
  const parsed = ReportFile.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ReportFileError(
    `${file} is not a simulation report: ${issue?.path.join('.') || '(root)'}: ${issue?.message}. Write one with \`journeys simulate\` (npm start writes out/report.json).`,
  );
}

/**
 * The page of a simulation's report: its journeys as they ran (or, in a file without them, as
 * the workspace has them), each from its summed funnel rows, with reach and message cost as the
 * simulation measured them.
 */
export function reportOfFile(report: ReportFile, workspace: ReadonlyMap<string, Journey>): ReportData {
  const ran = new Map(
    (report.journeys ?? []).map((each) => Journey.parse(each)).map((journey) => [journey.id, journey]),
  );
  const journeys = report.funnels.map((funnel) => {
    const journey = ran.get(funnel.journeyId) ?? workspace.get(funnel.journeyId);
    if (!journey)
      throw new ReportFileError(
        `the report names journey ${funnel.journeyId}, which is neither in the report nor in the workspace; pass --workspace`,
      );
    return journeyView(journey, funnel.rows ?? [], {
      ...(funnel.reached !== undefined ? { reached: funnel.reached } : {}),
      ...(funnel.messageCost !== undefined ? { messageCost: funnel.messageCost } : {}),
    });
  });
  const { customers, days, seed } = report.options;
  const what =
    typeof customers === 'number' && typeof days === 'number'
      ? `a simulation of ${customers.toLocaleString('en-US')} customers over ${days} days${typeof seed === 'number' ? ` (seed ${seed})` : ''}`
      : 'a simulation';
  return {
    title: 'Journeys report',
    source: `From ${what}, on the embedded engine.`,
    journeys,
    daily: report.daily,
    // Validated above for every field the page reads; the cost model's other fields pass through.
    ...(report.bill ? { bill: report.bill as unknown as RunBill } : {}),
  };
}
