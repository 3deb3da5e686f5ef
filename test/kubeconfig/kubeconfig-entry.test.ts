import { describe, expect, it } from 'vitest';
import { buildExecSpec, buildKubeconfigEntry, kubeconfigEntryName } from '../../src/kube/kubeconfig-entry.js';

const CLUSTER = { clusterName: 'demo', region: 'eu-west-1', clusterAccountId: '444455556666' };

describe('kubeconfigEntryName', () => {
  it.each([
    ['arn:aws:iam::111122223333:user/alice', 'alice@demo.eu-west-1.444455556666'],
    ['arn:aws:iam::111122223333:user/team/alice', 'alice@demo.eu-west-1.444455556666'],
    ['arn:aws:iam::444455556666:role/AWSCloudFormationStackSetExecutionRole', 'role/AWSCloudFormationStackSetExecutionRole@demo.eu-west-1.444455556666'],
    ['arn:aws:sts::111122223333:assumed-role/Admin/alice', 'role/Admin@demo.eu-west-1.444455556666'],
    ['arn:aws:iam::111122223333:root', 'root@demo.eu-west-1.444455556666'],
  ])('names %s as %s', (principalArn, name) => {
    expect(kubeconfigEntryName({ ...CLUSTER, principalArn })).toBe(name);
  });

  it('separates the creator from the caller', () => {
    const caller = kubeconfigEntryName({ ...CLUSTER, principalArn: 'arn:aws:iam::111122223333:user/alice' });
    const creator = kubeconfigEntryName({ ...CLUSTER, principalArn: 'arn:aws:iam::444455556666:role/alice' });
    expect(caller).not.toBe(creator);
  });
});

describe('buildExecSpec', () => {
  it('runs eks-recover token by default', () => {
    expect(buildExecSpec({ ...CLUSTER, exec: 'eks-recover' })).toEqual({
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: 'eks-recover',
      args: ['token', '--cluster', 'demo', '--region', 'eu-west-1'],
      env: [],
    });
  });

  it('runs aws eks get-token with the temporary profile', () => {
    const spec = buildExecSpec({ ...CLUSTER, exec: 'aws', profile: 'eks-temp' });

    expect(spec.apiVersion).toBe('client.authentication.k8s.io/v1beta1');
    expect(spec.command).toBe('aws');
    expect(spec.args.slice(0, 6)).toEqual(['eks', 'get-token', '--cluster-name', 'demo', '--region', 'eu-west-1']);
    expect(spec.env).toEqual([{ name: 'AWS_PROFILE', value: 'eks-temp' }]);
  });

  it('passes the role to either program', () => {
    const roleArn = 'arn:aws:iam::444455556666:role/Admin';
    expect(buildExecSpec({ ...CLUSTER, exec: 'eks-recover', roleArn }).args).toEqual(
      expect.arrayContaining(['--role-arn', roleArn]),
    );
    expect(buildExecSpec({ ...CLUSTER, exec: 'aws', roleArn }).args).toEqual(expect.arrayContaining(['--role-arn', roleArn]));
  });
});

describe('buildKubeconfigEntry', () => {
  it('uses a given name and namespace', () => {
    const entry = buildKubeconfigEntry({
      ...CLUSTER,
      principalArn: 'arn:aws:iam::111122223333:user/alice',
      endpoint: 'https://127.0.0.1:6443',
      certificateAuthorityData: 'Q0E=',
      exec: 'eks-recover',
      name: 'demo-admin',
      namespace: 'kube-system',
      temporary: true,
    });

    expect(entry).toMatchObject({ name: 'demo-admin', namespace: 'kube-system', temporary: true, server: 'https://127.0.0.1:6443' });
  });
});
