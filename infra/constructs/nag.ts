import { type CfnElement, Stack, Token, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** How cdk-nag names a CloudFormation reference in its findings: "<LogicalId.Arn>". */
export function arnToken(resource: IConstruct): string {
  const element = resource.node.defaultChild as CfnElement;
  return `<${Stack.of(resource).getLogicalId(element)}.Arn>`;
}

/**
 * How cdk-nag writes a resource in its findings: a string with tokens (an ARN built from the
 * stack's region and account) is resolved and flattened, each Ref as "<AWS::Region>".
 */
export function nagResource(scope: IConstruct, resource: string): string {
  return Token.isUnresolved(resource) ? flatten(Stack.of(scope).resolve(resource)) : resource;
}

function flatten(node: unknown): string {
  if (typeof node === 'string') return node;
  const intrinsic = node as {
    'Fn::Join'?: [string, unknown[]];
    Ref?: string;
    'Fn::GetAtt'?: [string, string];
  };
  if (intrinsic['Fn::Join']) {
    const [delimiter, parts] = intrinsic['Fn::Join'];
    return parts.map(flatten).join(delimiter);
  }
  if (intrinsic.Ref) return `<${intrinsic.Ref}>`;
  if (intrinsic['Fn::GetAtt']) return `<${intrinsic['Fn::GetAtt'].join('.')}>`;
  return JSON.stringify(node);
}

/**
 * Acknowledges IAM5 (wildcard) findings one resource pattern at a time, so any wildcard not
 * listed here still fails the checks.
 */
export function acknowledgeWildcards(scope: IConstruct, resources: readonly string[], reason: string): void {
  for (const resource of resources) {
    Validations.of(scope).acknowledge({
      id: `AwsSolutions::AwsSolutions-IAM5[Resource::${nagResource(scope, resource)}]`,
      reason,
    });
  }
}
