import { App } from 'aws-cdk-lib';
import { beforeAll, describe, expect, test } from 'vitest';
import { FUNCTION_NAMES, FUNCTIONS, functionOfRole } from '../../../functions/function-table.ts';
import { buildApp } from '../../../infra/app.ts';
import { placeholderName, TASK_ROLES } from '../../../workflows/compiler/asl.ts';

type Resource = { Type: string; Properties: Record<string, unknown> };

let resources: [string, Resource][];

beforeAll(async () => {
  // Bundling skipped: only the template is read here.
  const app = await buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [], stage: 'table' } }));
  const template = app.synth().getStackByName('Journeys-table').template as {
    Resources: Record<string, Resource>;
  };
  resources = Object.entries(template.Resources);
}, 60_000);

const ofType = (type: string) => resources.filter(([, resource]) => resource.Type === type);

/** A function's logical id: `Functions`, its name without dashes, then CDK's 8-digit hash. */
const logicalIdPattern = (name: string) =>
  new RegExp(`^Functions${name.replaceAll('-', '')}[0-9A-F]{8}$`, 'i');

describe('the functions of the function table', () => {
  test('each is deployed once, with the memory and timeout of its entry', () => {
    // Prepare
    const functions = ofType('AWS::Lambda::Function');

    // Act / Assess
    for (const name of FUNCTION_NAMES) {
      const deployed = functions.filter(([id]) => logicalIdPattern(name).test(id));

      expect(deployed).toHaveLength(1);
      expect(deployed[0]?.[1].Properties).toMatchObject({
        MemorySize: FUNCTIONS[name].memoryMb,
        Timeout: FUNCTIONS[name].timeoutSeconds,
      });
    }
  });

  test("each task role's placeholder in a state machine is the function the table names for that role", () => {
    // Prepare
    // The journeys' machines, whose compiled ASL names its functions by placeholder.
    const machines = ofType('AWS::StepFunctions::StateMachine').filter(
      ([, machine]) => machine.Properties.DefinitionSubstitutions,
    );
    let substituted = 0;

    // Act / Assess
    for (const [, machine] of machines) {
      const substitutions = machine.Properties.DefinitionSubstitutions as Record<
        string,
        { 'Fn::GetAtt'?: [string] }
      >;
      for (const role of TASK_ROLES) {
        const target = substitutions[placeholderName(role)]?.['Fn::GetAtt']?.[0];
        if (target === undefined) continue;
        substituted += 1;
        expect(target).toMatch(logicalIdPattern(functionOfRole(role)));
      }
    }
    expect(machines.length).toBeGreaterThan(0);
    expect(substituted).toBeGreaterThanOrEqual(machines.length);
  });
});
