import type { ExecutionStarter } from '../functions/commons/runtime/runtime-deps.ts';
import { executionName } from '../workflows/contracts/execution.ts';
import { ExecutionAlreadyExists, type LocalExecutions } from './executions.ts';
import { type JourneyVersion, type JourneyVersions, versionName } from './journey-versions.ts';
import type { LocalStateMachine } from './state-machine.ts';

/**
 * The engine's ExecutionStarter, with the rule of StepFunctionsStarter in AWS: a run's first
 * cohort starts on its journey's live version, which its input then names, and every fork on the
 * version its run names, so a customer finishes the version they entered.
 */
export function localStarter(executions: LocalExecutions, versions: JourneyVersions): ExecutionStarter {
  return {
    async start(journeyId, cohortId, input) {
      const live = versions.live(journeyId);
      const version = input.run.stateMachineVersion ?? (live && versionName(journeyId, live.number));
      if (version === undefined || versions.find(version)?.journeyId !== journeyId) {
        throw new Error(
          `run ${input.run.runId} names ${version ?? 'no version'}, which is no version of journey ${journeyId} known here`,
        );
      }
      try {
        const named = { ...input, run: { ...input.run, stateMachineVersion: version } };
        executions.start(journeyId, executionName(cohortId), named, undefined, version);
        return 'started';
      } catch (error) {
        if (error instanceof ExecutionAlreadyExists) return 'exists';
        throw error;
      }
    },
  };
}

/**
 * Registers every version of every journey under its name, and each journey's live version under
 * the journey id too, as an alias for executions that name no version. Only the live versions
 * are built now; the older ones when an execution of theirs starts.
 */
export function registerVersions(
  executions: LocalExecutions,
  versions: JourneyVersions,
  build: (version: JourneyVersion) => LocalStateMachine,
): void {
  for (const version of versions.list()) {
    const name = versionName(version.journeyId, version.number);
    if (versions.live(version.journeyId) !== version) {
      executions.register(name, () => build(version));
      continue;
    }
    const machine = build(version);
    executions.register(name, machine);
    executions.register(version.journeyId, machine);
  }
}
