import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  CfnStateMachineAlias,
  CfnStateMachineVersion,
  DefinitionBody,
  LogLevel,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { compileJourneyToJson } from '../../workflows/compiler/compile.ts';
import { definitionHash } from '../../workflows/compiler/definition-hash.ts';
import { LIVE_ALIAS } from '../../workflows/contracts/execution.ts';
import type { Journey } from '../../workflows/schema/index.ts';
import { acknowledgeWildcards, arnToken } from './nag.ts';

export interface JourneyStateMachineProps {
  readonly journey: Journey;
  /** The state machine's name; the runtime derives it from the journey id. */
  readonly stateMachineName: string;
  /** The function for each `${…FunctionArn}` placeholder of the compiled ASL. */
  readonly taskFunctions: Readonly<Record<string, IFunction>>;
  /**
   * Shards processed at once by each step's Distributed Map.
   * @default 100, well under the account's default Lambda concurrency of 1,000
   */
  readonly maxConcurrency?: number;
}

/**
 * One Standard state machine for one journey, built from the compiler's ASL (Distributed Map)
 * with the function ARNs substituted. Its role may invoke only the functions the ASL names.
 * Each deploy that changes the definition publishes a version, and the `live` alias routes new
 * cohorts to it; earlier versions stay, for the executions still running on them.
 */
export class JourneyStateMachine extends Construct {
  readonly stateMachine: StateMachine;
  /** The ASL as compiled, before substitution: what tests compare the template with. */
  readonly definition: string;
  /** The version this deploy's definition is published as. */
  readonly version: CfnStateMachineVersion;
  /** The alias new cohorts start through, routing all of them to `version`. */
  readonly alias: CfnStateMachineAlias;

  constructor(scope: Construct, id: string, props: JourneyStateMachineProps) {
    super(scope, id);
    this.definition = compileJourneyToJson(props.journey, {
      mapMode: 'distributed',
      maxConcurrency: props.maxConcurrency ?? 100,
    });
    const used = Object.entries(props.taskFunctions).filter(([placeholder]) =>
      this.definition.includes(`\${${placeholder}}`),
    );
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(this.definition),
      definitionSubstitutions: Object.fromEntries(
        used.map(([placeholder, fn]) => [placeholder, fn.functionArn]),
      ),
      tracingEnabled: true,
      logs: {
        destination: new LogGroup(this, 'Logs', {
          retention: RetentionDays.ONE_MONTH,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
        level: LogLevel.ALL,
        includeExecutionData: false,
      },
    });
    for (const [, fn] of used) fn.grantInvoke(this.stateMachine);
    // The hash in the description replaces the version, publishing a new one, exactly when the
    // definition changes; kept on replacement, as executions and their forks still run on it.
    const hash = definitionHash(this.definition);
    this.version = new CfnStateMachineVersion(this, 'Version', {
      stateMachineArn: this.stateMachine.stateMachineArn,
      stateMachineRevisionId: this.stateMachine.stateMachineRevisionId,
      description: `journey ${props.journey.id} v${props.journey.version}, definition sha256:${hash}`,
    });
    this.version.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.alias = new CfnStateMachineAlias(this, 'Alias', {
      name: LIVE_ALIAS,
      description: `New cohorts of journey ${props.journey.id} start on the version this routes to.`,
      routingConfiguration: [{ stateMachineVersionArn: this.version.attrArn, weight: 100 }],
    });
    // A Distributed Map starts its Express children as executions of this same state machine.
    const stack = Stack.of(this);
    const self = `arn:${stack.partition}:states:${stack.region}:${stack.account}:stateMachine:${props.stateMachineName}`;
    const executions = `arn:${stack.partition}:states:${stack.region}:${stack.account}:execution:${props.stateMachineName}`;
    // An execution of a version starts its Map children on that version (`<name>:<n>`).
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['states:StartExecution'],
        resources: [self, `${self}:*`],
      }),
    );
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['states:DescribeExecution', 'states:StopExecution'],
        resources: [`${executions}:*`],
      }),
    );
    acknowledgeWildcards(
      this.stateMachine,
      [
        '*',
        `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:stateMachine:${props.stateMachineName}:*`,
        `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${props.stateMachineName}:*`,
        ...used.map(([, fn]) => `${arnToken(fn)}:*`),
      ],
      'Log delivery and X-Ray take no resource; the Distributed Map manages executions of this state machine and its numbered versions only; invoke covers versions of its own functions.',
    );
  }
}
