import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../sandbox/index.js';
import { assumeRole, callerCredentials, kubeRequest } from '../sandbox/clients.js';
import { buildTestToken } from '../support/eks-token.js';

const CONFIGMAPS = '/api/v1/namespaces/kube-system/configmaps';
const AWS_AUTH = `${CONFIGMAPS}/aws-auth`;

function status(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, details: { name: 'aws-auth', kind: 'configmaps' }, code };
}

describe('emulated Kubernetes API', () => {
  let sandbox: Sandbox;
  let token: () => Promise<string>;

  beforeAll(async () => {
    sandbox = await startSandbox({ awsAuth: 'absent' });
    const creator = await assumeRole(sandbox, sandbox.creatorRoleArn, callerCredentials(sandbox));
    token = () => buildTestToken({ clusterName: 'demo', credentials: creator });
  });
  afterAll(async () => {
    await sandbox?.stop();
  });
  beforeEach(() => {
    sandbox.emulator.deleteConfigMap('kube-system', 'aws-auth');
    sandbox.emulator.hooks.clear();
    sandbox.emulator.clearRequests();
  });

  const send = async (method: string, path: string, body?: unknown, contentType?: string) =>
    kubeRequest(sandbox, await token(), method, path, body, contentType);
  const create = () => send('POST', CONFIGMAPS, { metadata: { name: 'aws-auth' }, data: { mapRoles: '[]' } });

  it('answers 404 NotFound for a missing aws-auth', async () => {
    const reply = await send('GET', AWS_AUTH);
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual(status(404, 'NotFound', 'configmaps "aws-auth" not found'));
  });

  it('creates once, then answers 409 AlreadyExists', async () => {
    const created = await create();
    expect(created.status).toBe(201);
    expect(created.body.metadata).toMatchObject({ name: 'aws-auth', namespace: 'kube-system' });
    const again = await create();
    expect(again.status).toBe(409);
    expect(again.body).toEqual(status(409, 'AlreadyExists', 'configmaps "aws-auth" already exists'));
  });

  it('rejects a stale resourceVersion with 409 Conflict', async () => {
    const read = (await create()).body as { metadata: { resourceVersion: string } };
    sandbox.emulator.setConfigMap('kube-system', 'aws-auth', { mapRoles: '- rolearn: arn:aws:iam::111122223333:role/b\n' });
    const stale = await send('PUT', AWS_AUTH, { ...read, data: { mapRoles: '[]', mapUsers: '[]' } });
    expect(stale.status).toBe(409);
    expect(stale.body).toEqual(
      status(409, 'Conflict', 'Operation cannot be fulfilled on configmaps "aws-auth": the object has been modified; please apply your changes to the latest version and try again'),
    );
    const fresh = (await send('GET', AWS_AUTH)).body as { metadata: { resourceVersion: string } };
    expect(Number(fresh.metadata.resourceVersion)).toBeGreaterThan(Number(read.metadata.resourceVersion));
    const updated = await send('PUT', AWS_AUTH, { ...fresh, data: { mapUsers: '[]' } });
    expect(updated.status).toBe(200);
    expect(updated.body.data).toEqual({ mapUsers: '[]' });
  });

  it.each([
    ['merge', 'application/merge-patch+json', { data: { mapUsers: '[]' } }],
    ['strategic merge', 'application/strategic-merge-patch+json', { data: { mapUsers: '[]' } }],
    ['json', 'application/json-patch+json', [{ op: 'add', path: '/data/mapUsers', value: '[]' }]],
  ])('applies a %s patch', async (_, contentType, patch) => {
    await create();
    const reply = await send('PATCH', AWS_AUTH, patch, contentType);
    expect(reply.status).toBe(200);
    expect(reply.body.data).toEqual({ mapRoles: '[]', mapUsers: '[]' });
  });

  it('rejects a patch carrying a stale resourceVersion', async () => {
    await create();
    const reply = await send('PATCH', AWS_AUTH, { metadata: { resourceVersion: '1' }, data: {} }, 'application/merge-patch+json');
    expect(reply.status).toBe(409);
    expect(reply.body.reason).toBe('Conflict');
  });

  it('deletes and reports Success', async () => {
    await create();
    const reply = await send('DELETE', AWS_AUTH);
    expect(reply.body).toMatchObject({ kind: 'Status', status: 'Success' });
    expect((await send('GET', AWS_AUTH)).status).toBe(404);
  });

  it('lists namespaces and nodes', async () => {
    const namespaces = (await send('GET', '/api/v1/namespaces')).body as { items: Array<{ metadata: { name: string } }> };
    expect(namespaces.items.map((item) => item.metadata.name)).toEqual(['default', 'kube-system', 'kube-public', 'kube-node-lease']);
    const nodes = (await send('GET', '/api/v1/nodes')).body as { kind: string; items: unknown[] };
    expect(nodes.kind).toBe('NodeList');
    expect(nodes.items).toHaveLength(2);
  });

  it('answers a self subject access review', async () => {
    const review = { spec: { resourceAttributes: { verb: 'update', resource: 'configmaps', namespace: 'kube-system', name: 'aws-auth' } } };
    const reply = await send('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', review);
    expect(reply.status).toBe(201);
    expect(reply.body.status).toMatchObject({ allowed: true });
  });

  it('holds a request until released', async () => {
    await create();
    const held = sandbox.emulator.hooks.hold({ action: 'PUT configmaps/aws-auth' });
    const current = (await send('GET', AWS_AUTH)).body;
    const pending = send('PUT', AWS_AUTH, { ...current, data: { mapUsers: '[]' } });
    await held.waitUntilHeld();
    expect(sandbox.emulator.getConfigMap('kube-system', 'aws-auth')?.data).toEqual({ mapRoles: '[]' });
    held.release();
    expect((await pending).status).toBe(200);
    expect(sandbox.emulator.getConfigMap('kube-system', 'aws-auth')?.data).toEqual({ mapUsers: '[]' });
  });

  it('runs a foreign write before the next matching request', async () => {
    await create();
    const read = (await send('GET', AWS_AUTH)).body;
    sandbox.emulator.hooks.beforeNext({ service: 'k8s', action: 'PUT configmaps/aws-auth' }, () => {
      sandbox.emulator.setConfigMap('kube-system', 'aws-auth', { mapRoles: '- rolearn: arn:aws:iam::111122223333:role/b\n' });
    });
    expect((await send('PUT', AWS_AUTH, { ...read, data: {} })).status).toBe(409);
    expect((await send('PUT', AWS_AUTH, { ...(await send('GET', AWS_AUTH)).body, data: {} })).status).toBe(200);
  });

  it('fails the nth matching request as told', async () => {
    const hook = sandbox.emulator.hooks.fail({ action: 'GET namespaces', nth: 2 }, { status: 503, body: { kind: 'Status', code: 503 } });
    expect((await send('GET', '/api/v1/namespaces')).status).toBe(200);
    expect((await send('GET', '/api/v1/namespaces')).status).toBe(503);
    expect((await send('GET', '/api/v1/namespaces')).status).toBe(200);
    expect(hook.count).toBe(1);
    expect(sandbox.emulator.requests.filter((entry) => entry.action === 'GET namespaces').map((entry) => entry.status)).toEqual([200, 503, 200]);
  });

  it('serves /version without a token', async () => {
    const reply = await kubeRequest(sandbox, '', 'GET', '/version');
    expect(reply.body).toMatchObject({ major: '1', minor: '31' });
  });
});
