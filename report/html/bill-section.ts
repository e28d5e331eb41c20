import type { AwsBill } from '../../pricing/cost-model.ts';
import type { RunBill } from '../../pricing/run-bill.ts';
import { count, usd } from './format.ts';
import { html, type Markup } from './markup.ts';
import { table } from './tables.ts';

const SERVICES = [
  [
    'Step Functions Standard',
    (bill: AwsBill) => bill.stepFunctionsStandard.usd,
    (bill: AwsBill) => `${count(bill.stepFunctionsStandard.transitions)} transitions`,
  ],
  [
    'Step Functions Express',
    (bill: AwsBill) => bill.stepFunctionsExpress.usd,
    (bill: AwsBill) => `${count(bill.stepFunctionsExpress.requests)} child executions`,
  ],
  [
    'Lambda',
    (bill: AwsBill) => bill.lambda.usd,
    (bill: AwsBill) => `${count(bill.lambda.requests)} invocations`,
  ],
  [
    'DynamoDB',
    (bill: AwsBill) => bill.dynamoDb.usd,
    (bill: AwsBill) =>
      `${count(bill.dynamoDb.writeRequestUnits)} write and ${count(bill.dynamoDb.readRequestUnits)} read units`,
  ],
  [
    'EventBridge Scheduler',
    (bill: AwsBill) => bill.scheduler.usd,
    (bill: AwsBill) => `${count(bill.scheduler.invocations)} invocations`,
  ],
  [
    'API Gateway',
    (bill: AwsBill) => bill.apiGateway.usd,
    (bill: AwsBill) => `${count(bill.apiGateway.requests)} requests`,
  ],
] as const;

/** Who a payer is, for a reader: the engine's names for the events API, the ticker and its own reads. */
const PAYER_NAMES: Readonly<Record<string, string>> = {
  'events-api': 'events API (ingest)',
  ticker: 'minute ticker',
  uncharged: "the simulation's own reads",
};

/** What the run would have cost in AWS, by service and by who caused it (messages not included). */
export function billSection(bill: RunBill): Markup {
  const payers = Object.entries(bill.byPayer).sort(([, x], [, y]) => y.total - x.total);
  return html`<section id="bill" data-section="bill">
<h2>The AWS bill of this run</h2>
<p class="muted">Priced with pricing/cost-model.ts at us-east-1 list prices (pricing/prices.ts); the messages themselves are not included. Lambda durations are assumptions, not measurements (docs/performance.md).</p>
${table(
  'bill',
  ['service', 'usage', 'USD'],
  [
    ...SERVICES.map(([name, price, usage]) => [name, usage(bill.total), usd(price(bill.total))]),
    ['total', '', usd(bill.total.total)],
  ],
)}
<h3>By who caused it</h3>
${table(
  'bill-by-payer',
  ['journey or service', 'Step Functions', 'Lambda', 'DynamoDB', 'API Gateway', 'total USD'],
  payers.map(([payer, each]) => [
    PAYER_NAMES[payer] ?? payer,
    usd(each.stepFunctionsStandard.usd + each.stepFunctionsExpress.usd),
    usd(each.lambda.usd),
    usd(each.dynamoDb.usd),
    usd(each.apiGateway.usd),
    usd(each.total),
  ]),
)}
</section>`;
}
