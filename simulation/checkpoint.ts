import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineCheckpoint } from '../engine/engine.ts';
import type { DayCounts } from '../report/model/report-data.ts';
import type { CustomerEvent, CustomerProfile } from '../workflows/contracts/customer.ts';
import type { Grant, Touch } from './behaviour.ts';

/** What a simulation knows between days, besides what is in DynamoDB and in the engine. */
export interface SimulationState {
  /** The next day to play. */
  day: number;
  eventCount: number;
  messages: number;
  touches: Map<string, Touch[]>;
  grants: Map<string, Grant[]>;
  history: Map<string, CustomerEvent[]>;
  reached: Map<string, Set<string>>;
  signups: CustomerProfile[];
  /** Idempotency keys of delivered messages: a redelivery is not a second touch. */
  delivered: Set<string>;
  /** Email feedback drawn for delivered emails, waiting for its time to be posted. */
  feedback: CustomerEvent[];
  /** SMS segments delivered, by "journey/step" (simulation/sms-funnel.ts). */
  smsSegments: Record<string, number>;
  /** Each journey's entries and orders of the days played so far. */
  daily: DayCounts[];
}

export function freshState(): SimulationState {
  return {
    day: 0,
    eventCount: 0,
    messages: 0,
    touches: new Map(),
    grants: new Map(),
    history: new Map(),
    reached: new Map(),
    signups: [],
    delivered: new Set(),
    feedback: [],
    smsSegments: {},
    daily: [],
  };
}

/** The folders of a persistent simulation: live DynamoDB data, and the last checkpoint. */
export function simulationFolders(dataDir: string) {
  return {
    dynamo: join(dataDir, 'dynamo'),
    checkpoint: join(dataDir, 'checkpoint'),
    staging: join(dataDir, 'checkpoint.tmp'),
  };
}

interface Saved {
  readonly key: string;
  readonly engine: EngineCheckpoint;
  readonly state: Omit<SimulationState, 'touches' | 'grants' | 'history' | 'reached' | 'delivered'> & {
    delivered: string[];
    touches: [string, Touch[]][];
    grants: [string, Grant[]][];
    history: [string, CustomerEvent[]][];
    reached: [string, string[]][];
  };
}

/**
 * Saves a day boundary: the engine's memory, the simulation's, and a copy of the DynamoDB data
 * taken while nothing runs. The copy is staged then renamed, so a crash never leaves half of one.
 */
export function saveCheckpoint(
  dataDir: string,
  key: string,
  engine: EngineCheckpoint,
  state: SimulationState,
): void {
  const folders = simulationFolders(dataDir);
  rmSync(folders.staging, { recursive: true, force: true });
  mkdirSync(folders.staging, { recursive: true });
  cpSync(folders.dynamo, join(folders.staging, 'dynamo'), { recursive: true });
  const saved: Saved = {
    key,
    engine,
    state: {
      ...state,
      touches: [...state.touches],
      grants: [...state.grants],
      history: [...state.history],
      reached: [...state.reached].map(([journey, pairs]) => [journey, [...pairs]]),
      delivered: [...state.delivered],
    },
  };
  writeFileSync(join(folders.staging, 'state.json'), JSON.stringify(saved));
  rmSync(folders.checkpoint, { recursive: true, force: true });
  renameSync(folders.staging, folders.checkpoint);
}

/**
 * Puts the data folder back to the last checkpoint of the same simulation (same key) and returns
 * it; without one, clears the folder so the run starts clean.
 */
export function restoreCheckpoint(
  dataDir: string,
  key: string,
): { engine: EngineCheckpoint; state: SimulationState } | undefined {
  const folders = simulationFolders(dataDir);
  rmSync(folders.dynamo, { recursive: true, force: true });
  rmSync(folders.staging, { recursive: true, force: true });
  const file = join(folders.checkpoint, 'state.json');
  if (!existsSync(file)) return undefined;
  const saved = JSON.parse(readFileSync(file, 'utf8')) as Saved;
  if (saved.key !== key) {
    throw new Error(
      `${dataDir} holds a checkpoint of another simulation (${saved.key}); use another --data-dir or remove it`,
    );
  }
  cpSync(join(folders.checkpoint, 'dynamo'), folders.dynamo, { recursive: true });
  return {
    engine: saved.engine,
    state: {
      ...saved.state,
      touches: new Map(saved.state.touches),
      grants: new Map(saved.state.grants),
      history: new Map(saved.state.history),
      reached: new Map(saved.state.reached.map(([journey, pairs]) => [journey, new Set(pairs)])),
      delivered: new Set(saved.state.delivered),
      // Checkpoints saved before segments were counted have none.
      smsSegments: saved.state.smsSegments ?? {},
      daily: saved.state.daily ?? [],
    },
  };
}
