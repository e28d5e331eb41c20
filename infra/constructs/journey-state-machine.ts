import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { compileJourneyToJson } from '../../workflows/compiler/compile.ts';
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
 */
export class JourneyStateMachine extends Construct {
  readonly stateMachine: StateMachine;
  /** The ASL as compiled, before substitution: what tests compare the template with. */
  readonly definition: string;

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
    // A Distributed Map starts its Express children as executions of this same state machine.
    const stack = Stack.of(this);
    const self = `arn:${stack.partition}:states:${stack.region}:${stack.account}:stateMachine:${props.stateMachineName}`;
    const executions = `arn:${stack.partition}:states:${stack.region}:${stack.account}:execution:${props.stateMachineName}`;
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({ effect: Effect.ALLOW, actions: ['states:StartExecution'], resources: [self] }),
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
        `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${props.stateMachineName}:*`,
        ...used.map(([, fn]) => `${arnToken(fn)}:*`),
      ],
      'Log delivery and X-Ray take no resource; the Distributed Map manages executions of this state machine only; invoke covers versions of its own functions.',
    );
  }
}
