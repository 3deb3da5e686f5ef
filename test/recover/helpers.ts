import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IAMClient, ListGroupsCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { Sandbox } from '../sandbox/index.js';
import { callerCredentials, kubeRequest } from '../sandbox/clients.js';
import { buildTestToken } from '../support/eks-token.js';
import { type CliResult, runCli } from '../support/cli.js';

/** Environment of a CLI run in the sandbox, with the state folder inside it. */
export function cliEnv(sandbox: Sandbox, extra: Record<string, string> = {}): Record<string, string> {
  return { ...sandbox.env, EKS_RECOVER_STATE_DIR: join(sandbox.dir, 'state'), ...extra };
}

export function recover(sandbox: Sandbox, args: readonly string[] = [], extra: Record<string, string> = {}): Promise<CliResult> {
  return runCli(
    ['recover', '--profile', sandbox.profile, '--cluster', sandbox.clusterName, '--yes', '--assume-role-timeout', '5', '--verify-timeout', '3', ...args],
    { env: cliEnv(sandbox, extra) },
  );
}

export function cleanup(sandbox: Sandbox, args: readonly string[] = []): Promise<CliResult> {
  return runCli(['cleanup', '--profile', sandbox.profile, ...args], { env: cliEnv(sandbox) });
}

/** HTTP status of `GET /api/v1/namespaces` with a token signed by the caller's own keys. */
export async function callerNamespaceStatus(sandbox: Sandbox): Promise<number> {
  const token = await buildTestToken({ clusterName: sandbox.clusterName, credentials: callerCredentials(sandbox), region: sandbox.region });
  return (await kubeRequest(sandbox, token, 'GET', '/api/v1/namespaces')).status;
}

function iam(sandbox: Sandbox): IAMClient {
  return new IAMClient({ region: sandbox.region, endpoint: sandbox.emulator.awsUrl, credentials: callerCredentials(sandbox) });
}

/** Names of the groups under /eks-recover/ in the caller's account. */
export async function eksRecoverGroups(sandbox: Sandbox): Promise<string[]> {
  const client = iam(sandbox);
  const groups = (await client.send(new ListGroupsCommand({}))).Groups ?? [];
  client.destroy();
  return groups.filter((group) => group.Path?.startsWith('/eks-recover/')).map((group) => group.GroupName!);
}

export async function configBytes(sandbox: Sandbox): Promise<Buffer> {
  return readFile(sandbox.env.AWS_CONFIG_FILE!);
}

export function awsAuthData(sandbox: Sandbox): Record<string, string> | undefined {
  return sandbox.emulator.getConfigMap('kube-system', 'aws-auth', sandbox.clusterName)?.data;
}

/** Tries AssumeRole on the creator role with the caller's own keys: the name of the error, or 'allowed'. */
export async function tryAssumeCreator(sandbox: Sandbox): Promise<string> {
  const sts = new STSClient({ region: sandbox.region, endpoint: sandbox.emulator.awsUrl, credentials: callerCredentials(sandbox) });
  try {
    await sts.send(new AssumeRoleCommand({ RoleArn: sandbox.creatorRoleArn, RoleSessionName: 'probe' }));
    return 'allowed';
  } catch (error) {
    return (error as Error).name;
  } finally {
    sts.destroy();
  }
}
