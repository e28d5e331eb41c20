import { type AwsBill, awsBill, type MeasuredCounts } from './cost-model.ts';

/** What one payer (a journey, the events API, the ticker) was charged by the local engine. */
export interface ChargedCounts {
  readonly lambdaInvocations: Readonly<Record<string, number>>;
  readonly dynamo: {
    readonly readCapacity: number;
    readonly writeCapacity: number;
    readonly providerWriteCapacity?: number;
  };
}

/** A run's operation counts with their split by journey and payer (the engine's OperationCounts, or its JSON). */
export interface RunCounts {
  readonly totals: MeasuredCounts;
  readonly byJourney?: Readonly<
    Record<string, { readonly standardTransitions: number; readonly expressChildren: number }>
  >;
  readonly byPayer?: Readonly<Record<string, ChargedCounts>>;
  /** Customer events the events API took, billed to `eventsApiPayer`. */
  readonly events: number;
  readonly eventsApiPayer: string;
}

/** The bill of a run, whole and by who caused it; the payers' bills add up to the whole. */
export interface RunBill {
  readonly total: AwsBill;
  readonly byPayer: Readonly<Record<string, AwsBill>>;
}

/**
 * The counts charged to each payer: a journey's own executions, Lambda calls and DynamoDB units;
 * the events API's units and the events it took; the ticker's.
 */
export function payerCounts(counts: Omit<RunCounts, 'totals'>): Record<string, MeasuredCounts> {
  return Object.fromEntries(
    Object.entries(counts.byPayer ?? {}).map(([payer, charged]) => {
      const executions = counts.byJourney?.[payer];
      return [
        payer,
        {
          standardTransitions: executions?.standardTransitions ?? 0,
          expressChildren: executions?.expressChildren ?? 0,
          // Express bills duration, not transitions: no per-journey count of them is kept.
          expressTransitions: executions?.expressChildren ?? 0,
          lambdaInvocations: charged.lambdaInvocations,
          dynamo: charged.dynamo,
          events: payer === counts.eventsApiPayer ? counts.events : 0,
        },
      ];
    }),
  );
}

/** Prices a run with the cost model: its whole bill and each payer's. */
export function runBill(counts: RunCounts): RunBill {
  return {
    total: awsBill({ ...counts.totals, events: counts.events }),
    byPayer: Object.fromEntries(
      Object.entries(payerCounts(counts)).map(([payer, measured]) => [payer, awsBill(measured)]),
    ),
  };
}
