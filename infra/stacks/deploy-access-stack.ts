import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { OpenIdConnectProvider, PolicyStatement, Role, WebIdentityPrincipal } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { acknowledgeWildcards } from '../constructs/nag.ts';

export interface DeployAccessStackProps extends StackProps {
  /** "owner/repository" on GitHub whose workflows may deploy. */
  readonly githubRepository: string;
}

/**
 * Deployed once by hand: GitHub's OIDC provider and a role that only this repository's main
 * branch and deployment environments can assume, to run `cdk deploy` through the CDK bootstrap roles.
 */
export class DeployAccessStack extends Stack {
  constructor(scope: Construct, id: string, props: DeployAccessStackProps) {
    super(scope, id, props);
    const provider = new OpenIdConnectProvider(this, 'GitHub', {
      url: 'https://token.actions.githubusercontent.com',
      clientIds: ['sts.amazonaws.com'],
    });
    const role = new Role(this, 'DeployRole', {
      description: `cdk deploy from GitHub Actions of ${props.githubRepository}`,
      assumedBy: new WebIdentityPrincipal(provider.openIdConnectProviderArn, {
        StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
        StringLike: {
          'token.actions.githubusercontent.com:sub': [
            `repo:${props.githubRepository}:ref:refs/heads/main`,
            `repo:${props.githubRepository}:environment:*`,
          ],
        },
      }),
    });
    // cdk deploy works by assuming the roles `cdk bootstrap` created; nothing more is granted here.
    role.addToPolicy(
      new PolicyStatement({
        actions: ['sts:AssumeRole'],
        resources: [
          `arn:${this.partition}:iam::${this.account}:role/cdk-hnb659fds-*-${this.account}-${this.region}`,
        ],
      }),
    );
    acknowledgeWildcards(
      role,
      ['arn:<AWS::Partition>:iam::<AWS::AccountId>:role/cdk-hnb659fds-*-<AWS::AccountId>-<AWS::Region>'],
      'The deploy role may assume only the CDK bootstrap roles of this account and region (deploy, file and image publishing, lookup).',
    );
    new CfnOutput(this, 'DeployRoleArn', {
      value: role.roleArn,
      description: 'Set as the AWS_DEPLOY_ROLE_ARN repository variable',
    });
  }
}
