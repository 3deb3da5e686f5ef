import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { EKSClient, ListClustersCommand } from '@aws-sdk/client-eks';
import { IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, isolatedEnv } from '../support/environment.js';
import { buildTestToken } from '../support/eks-token.js';
import { assumeRole, callerCredentials, kubeRequest } from './clients.js';
import { type Sandbox, startSandbox } from './index.js';

const run = promisify(execFile);

interface SandboxJson {
  env: Record<string, string>;
  clusterName: string;
  profile: string;
  creatorRoleArn: string;
  caFile: string;
  emulatorUrl: string;
}

describe('npm run sandbox', () => {
  let child: ChildProcess;
  let stdout = '';
  let info: SandboxJson;

  beforeAll(async () => {
    child = spawn('npm', ['run', '--silent', 'sandbox'], { cwd: REPO_ROOT, env: isolatedEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', () => stdout.includes('\n') && resolve());
      child.once('exit', (code) => reject(new Error(`npm run sandbox exited with ${code}`)));
    });
    info = JSON.parse(stdout) as SandboxJson;
  });
  afterAll(async () => {
    if (child?.pid === undefined || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-child.pid, 'SIGTERM');
    await exited;
  });

  const aws = (args: string[]) => run('aws', [...args, '--profile', info.profile], { env: { ...isolatedEnv(), ...info.env } });

  it('prints one JSON object with the client environment', () => {
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(info.clusterName).toBe('demo');
    expect(info.creatorRoleArn).toBe('arn:aws:iam::111122223333:role/AWSCloudFormationStackSetExecutionRole');
    for (const service of ['STS', 'IAM', 'EKS', 'CLOUDTRAIL', 'CLOUDFORMATION', 'EC2']) {
      expect(info.env[`AWS_ENDPOINT_URL_${service}`]).toBe(info.emulatorUrl);
    }
    expect(info.env).toMatchObject({ AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-1', AWS_EC2_METADATA_DISABLED: 'true' });
  });

  it('serves aws sts get-caller-identity', async () => {
    const { stdout: output } = await aws(['sts', 'get-caller-identity']);
    expect(JSON.parse(output)).toMatchObject({ Account: '111122223333', Arn: 'arn:aws:iam::111122223333:user/alice' });
  });

  it('serves aws eks describe-cluster', async () => {
    const { stdout: output } = await aws(['eks', 'describe-cluster', '--name', 'demo']);
    const cluster = (JSON.parse(output) as { cluster: { status: string; accessConfig: { authenticationMode: string } } }).cluster;
    expect(cluster.status).toBe('ACTIVE');
    expect(cluster.accessConfig.authenticationMode).toBe('CONFIG_MAP');
  });

  it('logs requests under /_emulator/requests', async () => {
    const log = (await (await fetch(`${info.emulatorUrl}/_emulator/requests`)).json()) as Array<{ service: string; action: string }>;
    expect(log).toContainEqual(expect.objectContaining({ service: 'eks', action: 'DescribeCluster' }));
  });
});

describe('cross-account sandbox with IAM authorization', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ crossAccount: true, callerType: 'assumed-role', iamAuthorization: true });
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('describes the scenario', () => {
    expect(sandbox.callerArn).toBe('arn:aws:sts::111122223333:assumed-role/Operator/alice');
    expect(sandbox.clusterAccountId).toBe('444455556666');
    expect(sandbox.creatorRoleArn).toBe('arn:aws:iam::444455556666:role/AWSCloudFormationStackSetExecutionRole');
  });

  it('scopes clusters to the caller account', async () => {
    const caller = callerCredentials(sandbox);
    const asCaller = new EKSClient({ region: sandbox.region, endpoint: sandbox.emulator.awsUrl, credentials: caller });
    expect((await asCaller.send(new ListClustersCommand({}))).clusters).toEqual([]);
    await expect(assumeRole(sandbox, sandbox.creatorRoleArn, caller)).rejects.toMatchObject({ name: 'AccessDenied' });
    const iam = new IAMClient({ region: sandbox.region, endpoint: sandbox.emulator.awsUrl, credentials: caller });
    const grant = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: sandbox.creatorRoleArn }] };
    await iam.send(new PutRolePolicyCommand({ RoleName: 'Operator', PolicyName: 'assume-creator', PolicyDocument: JSON.stringify(grant) }));
    const creator = await assumeRole(sandbox, sandbox.creatorRoleArn, caller);
    const asCreator = new EKSClient({ region: sandbox.region, endpoint: sandbox.emulator.awsUrl, credentials: creator });
    expect((await asCreator.send(new ListClustersCommand({}))).clusters).toEqual(['demo']);
    const token = await buildTestToken({ clusterName: 'demo', credentials: creator });
    expect((await kubeRequest(sandbox, token, 'GET', '/api/v1/namespaces')).status).toBe(200);
  });

  it('enforces signatures in moto', async () => {
    const forged = { ...callerCredentials(sandbox), secretAccessKey: 'wrong' };
    await expect(assumeRole(sandbox, sandbox.creatorRoleArn, forged)).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
  });
});
