import { FUNCTION_NAMES } from '../../functions/function-table.ts';

/** A resource of a synthesised CloudFormation template, as the infra tests read it. */
export type Resource = { Type: string; Properties: Record<string, unknown> };
/** One statement of an IAM policy document. */
export type Statement = { Action: string | string[]; Resource: unknown };

export const ofType = (resources: Record<string, Resource>, type: string) =>
  Object.entries(resources).filter(([, resource]) => resource.Type === type);

/** The logical id of the function of the function table named `name`. */
export function functionId(resources: Record<string, Resource>, name: string): string {
  const pattern = new RegExp(`^Functions${name.replaceAll('-', '')}[0-9A-F]{8}$`, 'i');
  const found = ofType(resources, 'AWS::Lambda::Function').find(([id]) => pattern.test(id));
  if (!found) throw new Error(`no function ${name}`);
  return found[0];
}

/** Each function's IAM statements whose actions match `action`, by function name. */
export function statementsWith(
  resources: Record<string, Resource>,
  action: RegExp,
): Record<string, Statement[]> {
  const byFunction: Record<string, Statement[]> = {};
  for (const name of FUNCTION_NAMES) {
    const fn = resources[functionId(resources, name)] as Resource;
    const roleId = (fn.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
    const statements = ofType(resources, 'AWS::IAM::Policy')
      .filter(([, policy]) => JSON.stringify(policy.Properties.Roles).includes(roleId))
      .flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
      .filter((statement) => [statement.Action].flat().some((name) => action.test(name)));
    if (statements.length > 0) byFunction[name] = statements;
  }
  return byFunction;
}
