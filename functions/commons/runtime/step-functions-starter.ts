import { DescribeStateMachineAliasCommand, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { type ExecutionInput, executionName, LIVE_ALIAS } from '../../../workflows/contracts/execution.ts';
import type { ExecutionStarter } from './runtime-deps.ts';

export class StateMachineVersionError extends Error {
  override readonly name = 'StateMachineVersionError';
}

/**
 * Starts executions on Step Functions, always on a version: a run's first cohort on the version
 * the alias routes to (read at the start, so the input names the version the execution runs on
 * even while a deploy moves the alias), and its forks on the version the run names.
 */
export class StepFunctionsStarter implements ExecutionStarter {
  constructor(
    private readonly client: SFNClient,
    private readonly arnPrefix: string,
  ) {}

  async start(journeyId: string, cohortId: string, input: ExecutionInput): Promise<'started' | 'exists'> {
    const version = input.run.stateMachineVersion ?? (await this.liveVersion(journeyId));
    const stateMachine = `${this.arnPrefix}${journeyId}`;
    if (!isVersionOf(version, stateMachine)) {
      throw new StateMachineVersionError(
        `run ${input.run.runId} names ${version}, which is no version of ${stateMachine}; expected "${stateMachine}:<number>"`,
      );
    }
    try {
      await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: version,
          name: executionName(cohortId),
          input: JSON.stringify({ ...input, run: { ...input.run, stateMachineVersion: version } }),
        }),
      );
      return 'started';
    } catch (error) {
      if ((error as { name?: string }).name === 'ExecutionAlreadyExists') return 'exists';
      throw error;
    }
  }

  /** The version ARN the journey's alias routes to; a deploy routes all of it to one version. */
  async liveVersion(journeyId: string): Promise<string> {
    const aliasArn = `${this.arnPrefix}${journeyId}:${LIVE_ALIAS}`;
    const alias = await this.client.send(
      new DescribeStateMachineAliasCommand({ stateMachineAliasArn: aliasArn }),
    );
    const [route] = [...(alias.routingConfiguration ?? [])].sort((a, b) => (b.weight ?? 0) - (a.weight ?? 0));
    if (!route?.stateMachineVersionArn)
      throw new StateMachineVersionError(`alias ${aliasArn} routes to no version; deploy the stack again`);
    return route.stateMachineVersionArn;
  }
}

/** A version ARN is the state machine's ARN, a colon and the version number. */
function isVersionOf(arn: string, stateMachineArn: string): boolean {
  return arn.startsWith(`${stateMachineArn}:`) && /^\d+$/.test(arn.slice(stateMachineArn.length + 1));
}
