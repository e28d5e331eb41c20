import type { AslState, StateMachineDefinition } from '../workflows/compiler/asl.ts';

// A placeholder-shaped resource, which the engine's validator accepts like ours; not a template string.
// biome-ignore lint/suspicious/noTemplateCurlyInString: an ASL placeholder, written as ASL spells it
export const VIRTUAL_WAIT_RESOURCE = '${LocalVirtualWait}';

/**
 * The engine gives a Task 60 real seconds by default, while a virtual wait may last as long as
 * the whole simulation. 20 days stays below the 2^31 ms at which setTimeout overflows.
 */
const LOCAL_WAIT_TIMEOUT_SECONDS = 20 * 86_400;

/**
 * aws-local-stepfunctions waits on the real clock (setTimeout), so locally each Wait state
 * becomes a Task that sleeps on the virtual clock instead. Everything else in the ASL is left
 * exactly as compiled; the returned specs say how long each former Wait waits.
 */
export function withVirtualWaits(definition: StateMachineDefinition): {
  definition: StateMachineDefinition;
  waits: Map<string, { seconds?: number; timestamp?: string }>;
} {
  const waits = new Map<string, { seconds?: number; timestamp?: string }>();
  const states: Record<string, AslState> = {};
  for (const [name, state] of Object.entries(definition.States)) {
    if (state.Type !== 'Wait') {
      states[name] = state;
      continue;
    }
    if (state.SecondsPath !== undefined || state.TimestampPath !== undefined) {
      throw new Error(`Wait state "${name}" uses a path; the compiler emits Seconds or Timestamp only`);
    }
    waits.set(name, {
      seconds: state.Seconds as number | undefined,
      timestamp: state.Timestamp as string | undefined,
    });
    const { Seconds: _seconds, Timestamp: _timestamp, Type: _type, ...rest } = state;
    states[name] = {
      ...rest,
      Type: 'Task',
      Resource: VIRTUAL_WAIT_RESOURCE,
      TimeoutSeconds: LOCAL_WAIT_TIMEOUT_SECONDS,
    };
  }
  return { definition: { ...definition, States: states }, waits };
}

/** When a former Wait state ends, for input arriving at `now`. */
export function wakeTime(spec: { seconds?: number; timestamp?: string }, now: number): number {
  if (spec.timestamp !== undefined) return Date.parse(spec.timestamp);
  return now + (spec.seconds ?? 0) * 1000;
}
