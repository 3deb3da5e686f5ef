import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentials } from '../emulator/moto-identity.js';

/** Key of the seeding client; moto puts unknown keys in its default account and lets them assume any role. */
const BOOTSTRAP: AwsCredentials = { accessKeyId: 'AKIAIOSFODNN7SANDBOX', secretAccessKey: 'sandbox-bootstrap-secret' };

/** What alice may do: IAM, read-only EKS and the look-ups of a diagnosis, but not sts:AssumeRole. */
export const CALLER_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['iam:*', 'eks:Describe*', 'eks:List*', 'cloudtrail:LookupEvents', 'cloudformation:Describe*', 'ec2:DescribeRegions', 'sts:GetCallerIdentity'],
      Resource: '*',
    },
  ],
};

const ALLOW_ALL = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

export function trustPolicy(principals: readonly string[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    // moto matches only an exact principal ARN in a statement of its own.
    Statement: principals.map((principal) => ({ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' })),
  });
}

export class SeedClients {
  constructor(
    private readonly motoUrl: string,
    private readonly region: string,
  ) {}

  iam(credentials: AwsCredentials): IAMClient {
    return new IAMClient({ region: this.region, endpoint: this.motoUrl, credentials });
  }

  /** Returns session credentials for a role; with authorization off moto lets the bootstrap key assume any role ARN. */
  async assume(roleArn: string, sessionName: string, credentials: AwsCredentials = BOOTSTRAP): Promise<AwsCredentials> {
    const sts = new STSClient({ region: this.region, endpoint: this.motoUrl, credentials });
    const result = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName }));
    const issued = result.Credentials!;
    return { accessKeyId: issued.AccessKeyId!, secretAccessKey: issued.SecretAccessKey!, sessionToken: issued.SessionToken! };
  }

  /** Returns credentials that act in `accountId`: moto files IAM resources under the account of the access key. */
  inAccount(accountId: string): Promise<AwsCredentials> {
    return this.assume(`arn:aws:iam::${accountId}:role/sandbox-seeder`, 'sandbox-seeder');
  }
}

export async function createUserWithKey(iam: IAMClient, userName: string): Promise<{ arn: string; credentials: AwsCredentials }> {
  const user = await iam.send(new CreateUserCommand({ UserName: userName }));
  await iam.send(new PutUserPolicyCommand({ UserName: userName, PolicyName: 'sandbox-caller', PolicyDocument: JSON.stringify(CALLER_POLICY) }));
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
  return {
    arn: user.User!.Arn!,
    credentials: { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! },
  };
}

export async function createRole(
  iam: IAMClient,
  roleName: string,
  trust: string,
  policy: 'caller' | 'admin' | 'none',
  path = '/',
): Promise<string> {
  const role = await iam.send(new CreateRoleCommand({ RoleName: roleName, Path: path, AssumeRolePolicyDocument: trust }));
  if (policy !== 'none') {
    const document = policy === 'admin' ? ALLOW_ALL : CALLER_POLICY;
    await iam.send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: `sandbox-${policy}`, PolicyDocument: JSON.stringify(document) }));
  }
  return role.Role!.Arn!;
}

