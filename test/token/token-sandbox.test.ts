import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEksToken } from '../../src/aws/token.js';
import { callerCredentials, kubeRequest } from '../sandbox/clients.js';
import { type Sandbox, startSandbox } from '../sandbox/index.js';
import { nodeRoleAwsAuth } from '../sandbox/scenario.js';
import { runCli } from '../support/cli.js';

const NAMESPACES = '/api/v1/namespaces';

describe('eks-recover token against the emulated cluster', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox?.stop();
  });
  beforeEach(() => {
    sandbox.emulator.setConfigMap('kube-system', 'aws-auth', {
      ...nodeRoleAwsAuth(sandbox.nodeRoleArn),
      mapUsers: `- userarn: ${sandbox.callerArn}\n  username: alice\n  groups: [system:masters]\n`,
    });
  });

  async function cliToken(args: string[]): Promise<string> {
    const result = await runCli(['token', '--profile', sandbox.profile, ...args], { env: sandbox.env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return (JSON.parse(result.stdout) as { status: { token: string } }).status.token;
  }

  it('is accepted for its cluster', async () => {
    const reply = await kubeRequest(sandbox, await cliToken(['--cluster', sandbox.clusterName]), 'GET', NAMESPACES);

    expect(reply.status).toBe(200);
    expect(reply.body.kind).toBe('NamespaceList');
  });

  it('is rejected by another cluster', async () => {
    const reply = await kubeRequest(sandbox, await cliToken(['--cluster', 'other']), 'GET', NAMESPACES);
    expect(reply.status).toBe(401);
  });

  it('is rejected for an unmapped identity', async () => {
    sandbox.emulator.setConfigMap('kube-system', 'aws-auth', nodeRoleAwsAuth(sandbox.nodeRoleArn));
    const reply = await kubeRequest(sandbox, await cliToken(['--cluster', sandbox.clusterName]), 'GET', NAMESPACES);
    expect(reply.status).toBe(401);
  });

  it('is accepted as the creator through --role-arn', async () => {
    sandbox.emulator.setConfigMap('kube-system', 'aws-auth', nodeRoleAwsAuth(sandbox.nodeRoleArn));
    const token = await cliToken(['--cluster', sandbox.clusterName, '--role-arn', sandbox.creatorRoleArn]);
    const reply = await kubeRequest(sandbox, token, 'GET', NAMESPACES);
    expect(reply.status).toBe(200);
  });

  it('is rejected once expired', async () => {
    const now = new Date(Date.now() - 16 * 60 * 1000);
    const { token } = await createEksToken({ clusterName: sandbox.clusterName, region: sandbox.region, credentials: callerCredentials(sandbox), now });
    const reply = await kubeRequest(sandbox, token, 'GET', NAMESPACES);
    expect(reply.status).toBe(401);
  });

  it('is rejected when signed by an unknown key', async () => {
    const credentials = { accessKeyId: 'AKIAUNKNOWNKEY000001', secretAccessKey: 'not-a-real-secret' };
    const { token } = await createEksToken({ clusterName: sandbox.clusterName, region: sandbox.region, credentials });
    const reply = await kubeRequest(sandbox, token, 'GET', NAMESPACES);
    expect(reply.status).toBe(401);
  });

  it('is rejected when signed with the wrong secret', async () => {
    const credentials = { ...callerCredentials(sandbox), secretAccessKey: 'wrong-secret' };
    const { token } = await createEksToken({ clusterName: sandbox.clusterName, region: sandbox.region, credentials });
    const reply = await kubeRequest(sandbox, token, 'GET', NAMESPACES);
    expect(reply.status).toBe(401);
  });
});
