import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../sandbox/index.js';
import { assumeRole, callerCredentials, kubeRequest } from '../sandbox/clients.js';
import { nodeRoleAwsAuth } from '../sandbox/scenario.js';
import type { AwsCredentials } from './moto-identity.js';
import { buildTestToken, encodeToken, presignedTokenUrl } from '../support/eks-token.js';

const run = promisify(execFile);
const AWS_AUTH = '/api/v1/namespaces/kube-system/configmaps/aws-auth';
const UNAUTHORIZED = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 };

describe('emulated EKS token authentication', () => {
  let sandbox: Sandbox;
  let alice: AwsCredentials;
  let creator: AwsCredentials;

  beforeAll(async () => {
    sandbox = await startSandbox();
    alice = callerCredentials(sandbox);
    creator = await assumeRole(sandbox, sandbox.creatorRoleArn, alice, 'creator-session');
  });
  afterAll(async () => {
    await sandbox?.stop();
  });
  beforeEach(() => {
    sandbox.emulator.setConfigMap('kube-system', 'aws-auth', nodeRoleAwsAuth(sandbox.nodeRoleArn));
  });

  const token = (credentials: AwsCredentials, extra: Partial<Parameters<typeof buildTestToken>[0]> = {}) =>
    buildTestToken({ clusterName: 'demo', credentials, ...extra });
  const mapAlice = (groups: string[]) =>
    sandbox.emulator.setConfigMap('kube-system', 'aws-auth', {
      ...nodeRoleAwsAuth(sandbox.nodeRoleArn),
      mapUsers: `- userarn: ${sandbox.callerArn}\n  username: alice\n  groups: [${groups.join(', ')}]\n`,
    });

  it('accepts the hidden creator', async () => {
    const reply = await kubeRequest(sandbox, await token(creator), 'GET', AWS_AUTH);
    expect(reply.status).toBe(200);
    expect(reply.body.data).toEqual(nodeRoleAwsAuth(sandbox.nodeRoleArn));
  });

  it('accepts a token signed 14 minutes ago', async () => {
    const signingDate = new Date(Date.now() - 14 * 60 * 1000);
    expect((await kubeRequest(sandbox, await token(creator, { signingDate }), 'GET', '/api/v1/nodes')).status).toBe(200);
  });

  it('rejects a token signed 16 minutes ago', async () => {
    const signingDate = new Date(Date.now() - 16 * 60 * 1000);
    const reply = await kubeRequest(sandbox, await token(creator, { signingDate }), 'GET', '/api/v1/nodes');
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual(UNAUTHORIZED);
  });

  it('rejects a token for another cluster', async () => {
    const reply = await kubeRequest(sandbox, await token(creator, { clusterName: 'other' }), 'GET', '/api/v1/nodes');
    expect(reply.status).toBe(401);
  });

  it('rejects a tampered signature', async () => {
    const url = await presignedTokenUrl({ clusterName: 'demo', credentials: creator });
    const tampered = url.replace(/X-Amz-Signature=([0-9a-f])/, (_, c: string) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`);
    expect(tampered).not.toBe(url);
    expect((await kubeRequest(sandbox, encodeToken(tampered), 'GET', '/api/v1/nodes')).status).toBe(401);
  });

  it('rejects a padded token', async () => {
    let url = '';
    for (const expiresIn of [60, 600, 6000]) {
      url = await presignedTokenUrl({ clusterName: 'demo', credentials: creator, expiresIn });
      if (url.length % 3 !== 0) break;
    }
    const padded = `k8s-aws-v1.${Buffer.from(url).toString('base64').replace(/\+/g, '-').replace(/\//g, '_')}`;
    expect(padded).toMatch(/=$/);
    expect((await kubeRequest(sandbox, padded, 'GET', '/api/v1/nodes')).status).toBe(401);
    expect((await kubeRequest(sandbox, encodeToken(url), 'GET', '/api/v1/nodes')).status).toBe(200);
  });

  it.each([
    ['a host outside STS', (url: string) => url.replace('sts.eu-west-1.amazonaws.com', 'sts.example.com')],
    ['plain http', (url: string) => url.replace('https://', 'http://')],
    ['another path', (url: string) => url.replace('.com/?', '.com/x?')],
    ['an extra parameter', (url: string) => `${url}&X-Amz-Extra=1`],
    ['a repeated parameter', (url: string) => `${url}&Action=GetCallerIdentity`],
    ['another action', (url: string) => url.replace('Action=GetCallerIdentity', 'Action=GetSessionToken')],
  ])('rejects %s', async (_, mutate) => {
    const url = await presignedTokenUrl({ clusterName: 'demo', credentials: creator });
    expect((await kubeRequest(sandbox, encodeToken(mutate(url)), 'GET', '/api/v1/nodes')).status).toBe(401);
  });

  it('rejects a token of an unknown access key', async () => {
    const unknown = { accessKeyId: 'AKIAUNKNOWNUNKNOWN00', secretAccessKey: 'not-a-real-secret' };
    expect((await kubeRequest(sandbox, await token(unknown), 'GET', '/api/v1/nodes')).status).toBe(401);
  });

  it('rejects an unmapped caller', async () => {
    const reply = await kubeRequest(sandbox, await token(alice), 'GET', '/api/v1/namespaces');
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual(UNAUTHORIZED);
  });

  it('forbids a mapped caller without admin rights', async () => {
    mapAlice(['dev-team']);
    const reply = await kubeRequest(sandbox, await token(alice), 'GET', '/api/v1/namespaces');
    expect(reply.status).toBe(403);
    expect(reply.body.reason).toBe('Forbidden');
    expect(reply.body.message).toBe('namespaces is forbidden: User "alice" cannot list resource "namespaces" in API group "" at the cluster scope');
    const review = await kubeRequest(sandbox, await token(alice), 'POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {});
    expect(review.status).toBe(201);
    expect(review.body.status).toMatchObject({ userInfo: { username: 'alice', groups: ['dev-team', 'system:authenticated'] } });
  });

  it('allows a caller mapped to system:masters', async () => {
    mapAlice(['system:masters']);
    expect((await kubeRequest(sandbox, await token(alice), 'GET', '/api/v1/namespaces')).status).toBe(200);
  });

  it('ignores a rolearn with a path', async () => {
    const iam = new IAMClient({ region: sandbox.region, endpoint: sandbox.emulator.awsUrl, credentials: alice });
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: sandbox.callerArn }, Action: 'sts:AssumeRole' }],
    });
    const role = await iam.send(new CreateRoleCommand({ RoleName: 'demo-runner', Path: '/ci/deploy/', AssumeRolePolicyDocument: trust }));
    const pathArn = role.Role!.Arn!;
    expect(pathArn).toBe('arn:aws:iam::111122223333:role/ci/deploy/demo-runner');
    const runner = await assumeRole(sandbox, pathArn, alice, 'runner');
    const mapRole = (arn: string) =>
      sandbox.emulator.setConfigMap('kube-system', 'aws-auth', {
        mapRoles: `- rolearn: ${arn}\n  username: ci-admin\n  groups:\n    - system:masters\n`,
      });

    mapRole(pathArn);
    expect((await kubeRequest(sandbox, await token(runner), 'GET', '/api/v1/nodes')).status).toBe(401);
    mapRole('arn:aws:iam::111122223333:role/demo-runner');
    expect((await kubeRequest(sandbox, await token(runner), 'GET', '/api/v1/nodes')).status).toBe(200);
  });

  it('accepts a token made by the AWS CLI', async () => {
    mapAlice(['system:masters']);
    const env: Record<string, string> = { ...sandbox.env, PATH: process.env.PATH ?? '/usr/bin:/bin' };
    delete env.AWS_ENDPOINT_URL_STS;
    const { stdout } = await run('aws', ['eks', 'get-token', '--cluster-name', 'demo', '--profile', sandbox.profile], { env });
    const cliToken = (JSON.parse(stdout) as { status: { token: string } }).status.token;
    expect(Buffer.from(cliToken.slice('k8s-aws-v1.'.length), 'base64url').toString()).toMatch(/^https:\/\/sts\.eu-west-1\.amazonaws\.com\/\?/);
    expect((await kubeRequest(sandbox, cliToken, 'GET', '/api/v1/namespaces')).status).toBe(200);
  });
});
