/**
 * Prices a simulation report with the cost model and prints the fan-out estimate for 10M customers.
 *
 *   node bin/journeys.js simulate --customers 1000 --report /tmp/r1k.json
 *   npx tsx bench/estimate-report.ts /tmp/r1k.json [workspace]
 *
 * `npm run bench` calls `estimate` on the report of its largest simulation.
 */
import { readFileSync } from 'node:fs';
import { PAYERS } from '../engine/metering/payers.ts';
import { type AwsBill, awsBill } from '../pricing/cost-model.ts';
import { PRICES_CHECKED } from '../pricing/prices.ts';
import type { Journey } from '../workflows/schema/index.ts';
import { catalogFromWorkspace } from '../workflows/workspace/catalog.ts';
import { projectByJourney, projectJourney } from './cohort-projection.ts';
import { NEW_TABLE, type PhaseEstimate, WARM_TABLE } from './fan-out-constraints.ts';
import { cohortFanOut } from './fan-out-model.ts';
import { naiveDesign, timesCheaper } from './naive-design.ts';
import { naiveFanOut } from './naive-fan-out.ts';
import { pacedLines, providerRateFanOuts } from './provider-rate-report.ts';
import {
  countsOf,
  journeyWorkOf,
  naiveJourneysOf,
  parseSimulationReport,
  payerCountsOf,
  type SimulationReport,
} from './simulation-report.ts';
import { perMillionCustomers, projectCounts } from './size-projection.ts';

const usd = (value: number) => `$${value.toFixed(value < 1 ? 4 : 2)}`;
const minutes = (seconds: number) => `${(seconds / 60).toFixed(1)} min`;

function billLines(bill: AwsBill): string[] {
  return [
    `  Step Functions Standard  ${usd(bill.stepFunctionsStandard.usd)}  (${Math.round(bill.stepFunctionsStandard.transitions)} transitions, child starts included)`,
    `  Step Functions Express   ${usd(bill.stepFunctionsExpress.usd)}  (${Math.round(bill.stepFunctionsExpress.requests)} children, ${Math.round(bill.stepFunctionsExpress.gbSeconds)} GB-s)`,
    `  Lambda                   ${usd(bill.lambda.usd)}  (${Math.round(bill.lambda.requests)} calls, ${Math.round(bill.lambda.gbSeconds)} GB-s)`,
    `  DynamoDB                 ${usd(bill.dynamoDb.usd)}  (${Math.round(bill.dynamoDb.writeRequestUnits)} WRU, ${Math.round(bill.dynamoDb.readRequestUnits)} RRU)`,
    `  EventBridge Scheduler    ${usd(bill.scheduler.usd)}  (${Math.round(bill.scheduler.invocations)} invocations)`,
    `  API Gateway              ${usd(bill.apiGateway.usd)}  (${Math.round(bill.apiGateway.requests)} requests)`,
    `  total                    ${usd(bill.total)}`,
  ];
}

/** One row per journey: its own bill per 1M customers entering it, by service. */
function journeyBillLines(bills: Readonly<Record<string, JourneyBill>>): string[] {
  const header = ['journey', 'entered', 'Standard', 'Express', 'Lambda', 'DynamoDB', 'Scheduler', 'total'];
  const rows = Object.entries(bills).map(([journeyId, { entered, bill }]) => [
    journeyId,
    String(entered),
    usd(bill.stepFunctionsStandard.usd),
    usd(bill.stepFunctionsExpress.usd),
    usd(bill.lambda.usd),
    usd(bill.dynamoDb.usd),
    usd(bill.scheduler.usd),
    usd(bill.total),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `  ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ')}`;
  return [line(header), ...rows.map(line)];
}

/** A journey's own bill per 1M customers entering it, and how many entered in the run. */
export interface JourneyBill {
  readonly entered: number;
  readonly bill: AwsBill;
}

/**
 * Each journey's own bill per 1M customers entering it: its executions (projected as in
 * `projectByJourney`), the Lambda calls and the DynamoDB units the local engine charged to it. The
 * events API and the ticker, which every journey shares, are priced apart.
 */
function journeyBills(
  report: SimulationReport,
  journeys: ReadonlyMap<string, Journey>,
):
  | { byJourney: Record<string, JourneyBill>; eventsApiPerMillion: AwsBill; tickerPerRun: AwsBill }
  | undefined {
  const payers = payerCountsOf(report);
  const work = journeyWorkOf(report);
  if (!payers || !work) return undefined;
  const byJourney: Record<string, JourneyBill> = {};
  for (const [journeyId, measured] of Object.entries(work)) {
    const journey = journeys.get(journeyId);
    const counts = payers[journeyId];
    if (!journey || !counts || measured.entered === 0) continue;
    byJourney[journeyId] = {
      entered: measured.entered,
      bill: awsBill(projectJourney({ journey, work: measured, counts, days: report.options.days })),
    };
  }
  const none = awsBill({
    standardTransitions: 0,
    expressChildren: 0,
    expressTransitions: 0,
    lambdaInvocations: {},
    dynamo: { readCapacity: 0, writeCapacity: 0 },
  });
  const eventsApi = payers[PAYERS.eventsApi];
  const ticker = payers[PAYERS.ticker];
  return {
    byJourney,
    eventsApiPerMillion: eventsApi ? perMillionCustomers(awsBill(eventsApi), report.options.customers) : none,
    tickerPerRun: ticker ? awsBill(ticker) : none,
  };
}

function phaseLine(label: string, estimate: PhaseEstimate): string {
  return `  ${label}: ${minutes(estimate.seconds)}, bound by ${estimate.binding.limit} (${estimate.binding.detail})`;
}

/**
 * The AWS bill of a simulation report, per run and per 1M customers, the naive comparison, and the
 * 10M fan-out. Given the report of a smaller simulation too, it also projects the bill to 1M
 * customers from the growth between the two (see projectCounts).
 */
export function estimate(
  report: SimulationReport,
  journeys: ReadonlyMap<string, Journey>,
  smaller?: SimulationReport,
) {
  const customers = report.options.customers;
  const counts = countsOf(report);
  const bill = awsBill(counts);
  const perMillion = perMillionCustomers(bill, customers);
  const projected =
    smaller && smaller.options.customers < customers
      ? {
          fromCustomers: [smaller.options.customers, customers],
          bill: awsBill(
            projectCounts(
              { customers: smaller.options.customers, counts: countsOf(smaller) },
              { customers, counts },
            ),
          ),
        }
      : undefined;
  const work = journeyWorkOf(report);
  const byJourney = work
    ? awsBill(
        projectByJourney({
          counts,
          customers,
          days: report.options.days,
          journeys,
          work,
        }),
      )
    : undefined;
  const ownBills = journeyBills(report, journeys);
  const naive = naiveDesign(naiveJourneysOf(report, journeys));
  const naivePerMillion = (naive.usd * 1_000_000) / customers;
  const fanOuts = {
    newTables: cohortFanOut({ customers: 10_000_000, table: NEW_TABLE }),
    warmTables: cohortFanOut({ customers: 10_000_000, table: WARM_TABLE }),
  };
  const naiveTime = naiveFanOut({ customers: 10_000_000, executionOpenSeconds: 8 * 86_400 });
  const paced = providerRateFanOuts(10_000_000);
  const lines = [
    `Prices: ${PRICES_CHECKED}`,
    `Run: ${customers} customers, ${report.options.days} days, ${report.funnels.map((f) => `${f.journeyId} ${f.entered}`).join(', ')} entered`,
    '',
    'Cohort design, this run:',
    ...billLines(bill),
    '',
    'Cohort design, scaled linearly to 1M customers (an upper bound):',
    ...billLines(perMillion),
    '',
    ...(projected
      ? [
          `Cohort design, projected to 1M customers from the growth between ${projected.fromCustomers.join(' and ')} customers:`,
          ...billLines(projected.bill),
          '',
        ]
      : []),
    ...(byJourney
      ? [
          'Cohort design, projected to 1M customers journey by journey (event cohorts bounded by their windows):',
          ...billLines(byJourney),
          '',
        ]
      : []),
    ...(ownBills
      ? [
          'Each journey on its own, per 1M customers entering it (its executions, and the Lambda calls and DynamoDB units charged to it):',
          ...journeyBillLines(ownBills.byJourney),
          `Shared by every journey: the events API ${usd(ownBills.eventsApiPerMillion.total)} per 1M customers in the base (API Gateway ${usd(ownBills.eventsApiPerMillion.apiGateway.usd)}, Lambda ${usd(ownBills.eventsApiPerMillion.lambda.usd)}, DynamoDB ${usd(ownBills.eventsApiPerMillion.dynamoDb.usd)}); the ticker's own work ${usd(ownBills.tickerPerRun.total)} this run, whatever the customers`,
          '',
        ]
      : []),
    `Naive design (one Standard execution per customer, transitions only): ${naive.transitions} transitions, ${usd(naive.usd)} this run, ${usd(naivePerMillion)} per 1M customers`,
    ...naive.byJourney.map((journey) => `  ${journey.journeyId}: ${journey.transitions} transitions`),
    `Naive / cohort: ${timesCheaper(bill, naive).toFixed(2)}x`,
    '',
    '10M-customer send, cohort design:',
  ];
  for (const [label, table] of [
    ['new on-demand tables', NEW_TABLE],
    ['warm throughput at the table limit', WARM_TABLE],
  ] as const) {
    const fanOut = cohortFanOut({ customers: 10_000_000, table });
    lines.push(
      ` with ${label}: ${minutes(fanOut.seconds)} in all`,
      phaseLine('audience snapshot', fanOut.snapshot),
      `    ${fanOut.snapshot.segments} segments of ${fanOut.snapshot.segmentSeconds.toFixed(0)} s; each fits the ${fanOut.snapshot.functionTimeoutSeconds}-s timeout: ${fanOut.snapshot.segmentFitsTimeout} (at most ${fanOut.snapshot.maxCustomersPerSegment} customers per segment)`,
      phaseLine(`send step (${fanOut.send.shards} shards of ${fanOut.send.shardSeconds} s)`, fanOut.send),
      ...fanOut.send.constraints.map(
        (constraint) => `    ${constraint.id}: ${constraint.seconds.toFixed(1)} s`,
      ),
    );
  }
  lines.push(...pacedLines(paced));
  lines.push('', '10M-customer send, naive design (executions open 8 days):', phaseLine('send', naiveTime));
  lines.push(
    ...naiveTime.constraints.map((constraint) => `    ${constraint.id}: ${minutes(constraint.seconds)}`),
  );
  return {
    lines,
    results: {
      prices: PRICES_CHECKED,
      perRun: bill,
      perMillionCustomers: perMillion,
      projectedPerMillionCustomers: projected ?? null,
      perMillionCustomersByJourney: byJourney ?? null,
      perMillionEnteredOfEachJourney: ownBills?.byJourney ?? null,
      eventsApiPerMillionCustomers: ownBills?.eventsApiPerMillion ?? null,
      tickerPerRun: ownBills?.tickerPerRun ?? null,
      naive: { transitions: naive.transitions, usd: naive.usd, usdPerMillionCustomers: naivePerMillion },
      naiveOverCohort: timesCheaper(bill, naive),
      fanOut10M: {
        newTables: {
          seconds: fanOuts.newTables.send.seconds,
          binding: fanOuts.newTables.send.binding.limit,
          snapshotSeconds: fanOuts.newTables.snapshot.seconds,
          snapshotBinding: fanOuts.newTables.snapshot.binding.limit,
          totalSeconds: fanOuts.newTables.seconds,
        },
        warmTables: {
          seconds: fanOuts.warmTables.send.seconds,
          binding: fanOuts.warmTables.send.binding.limit,
          snapshotSeconds: fanOuts.warmTables.snapshot.seconds,
          snapshotBinding: fanOuts.warmTables.snapshot.binding.limit,
          totalSeconds: fanOuts.warmTables.seconds,
        },
        naive: { seconds: naiveTime.seconds, binding: naiveTime.binding.limit },
        pacedToProvider: paced.map(({ emailsPerSecond, fanOut }) => ({
          emailsPerSecond,
          sendSeconds: fanOut.send.seconds,
          binding: fanOut.send.binding.limit,
          totalSeconds: fanOut.seconds,
        })),
      },
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, workspace = 'workflows'] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: npx tsx bench/estimate-report.ts <report.json> [workspace]\n');
    process.exit(2);
  }
  const report = parseSimulationReport(JSON.parse(readFileSync(file, 'utf8')), file);
  process.stdout.write(
    `${estimate(report, (await catalogFromWorkspace(workspace)).journeys).lines.join('\n')}\n`,
  );
}
