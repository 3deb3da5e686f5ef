import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type Sandbox, startSandbox } from '../sandbox/index.js';
import { nodeRoleAwsAuth } from '../sandbox/scenario.js';
import { runCli } from '../support/cli.js';
import { REPO_ROOT, isolatedEnv } from '../support/environment.js';

const run = promisify(execFile);
const KUBECTL = '/usr/bin/kubectl';
const FIXTURE = readFileSync(new URL('../fixtures/kubeconfig/aws-cli-v1alpha1.yaml', import.meta.url), 'utf8');

describe('eks-recover kubeconfig against the emulated cluster', () => {
  let sandbox: Sandbox;
  let shimDir: string;

  beforeAll(async () => {
    sandbox = await startSandbox();
    sandbox.emulator.setConfigMap('kube-system', 'aws-auth', {
      ...nodeRoleAwsAuth(sandbox.nodeRoleArn),
      mapUsers: `- userarn: ${sandbox.callerArn}\n  username: alice\n  groups: [system:masters]\n`,
    });
    // kubectl runs `eks-recover` from PATH, as it would after `npm install -g`.
    shimDir = join(sandbox.dir, 'bin');
    mkdirSync(shimDir);
    symlinkSync(join(REPO_ROOT, 'bin', 'eks-recover'), join(shimDir, 'eks-recover'));
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  const kubeconfigCli = (file: string, extra: string[] = []) =>
    runCli(['kubeconfig', '--cluster', sandbox.clusterName, '--profile', sandbox.profile, '--kubeconfig', file, ...extra], {
      env: sandbox.env,
    });

  it('writes a context that kubectl uses to list namespaces', async () => {
    const file = join(sandbox.dir, 'kubectl-config');
    const written = await kubeconfigCli(file, ['--set-context']);
    expect(written.stderr).toContain('Wrote context');
    expect(written.code).toBe(0);
    const context = written.stdout.trim();
    expect(context).toBe(`alice@${sandbox.clusterName}.${sandbox.region}.${sandbox.clusterAccountId}`);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const env = isolatedEnv({ ...sandbox.env, PATH: `${shimDir}:${dirname(process.execPath)}:/usr/bin:/bin` });
    const { stdout } = await run(KUBECTL, ['--kubeconfig', file, 'get', 'namespaces', '-o', 'name'], { env });

    expect(stdout).toContain('namespace/kube-system');
  });

  it('puts the profile into the exec environment', async () => {
    const file = join(sandbox.dir, 'profile-config');
    await kubeconfigCli(file);
    const user = (parse(readFileSync(file, 'utf8')) as { users: Array<{ user: { exec: Record<string, unknown> } }> }).users[0]?.user.exec;

    expect(user).toMatchObject({
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: 'eks-recover',
      args: ['token', '--cluster', sandbox.clusterName, '--region', sandbox.region],
      env: [{ name: 'AWS_PROFILE', value: sandbox.profile }],
    });
  });

  it('writes aws eks get-token with --exec aws', async () => {
    const file = join(sandbox.dir, 'aws-config');
    await kubeconfigCli(file, ['--exec', 'aws']);
    const exec = (parse(readFileSync(file, 'utf8')) as { users: Array<{ user: { exec: { command: string; args: string[] } } }> }).users[0]?.user.exec;

    expect(exec?.command).toBe('aws');
    expect(exec?.args.slice(0, 6)).toEqual(['eks', 'get-token', '--cluster-name', sandbox.clusterName, '--region', sandbox.region]);
  });

  it('leaves an AWS CLI kubeconfig as it was', async () => {
    const file = join(sandbox.dir, 'existing-config');
    writeFileSync(file, FIXTURE);
    const result = await kubeconfigCli(file);
    const text = readFileSync(file, 'utf8');

    expect(result.code).toBe(0);
    expect(text.startsWith(FIXTURE.slice(0, FIXTURE.indexOf('contexts:')))).toBe(true);
    expect(text).toContain('# Written by an old AWS CLI');
    expect((parse(text) as { 'current-context': string })['current-context']).toBe('arn:aws:eks:eu-west-1:111122223333:cluster/demo');
  });

  it('rejects a clash with exit 2 and writes nothing', async () => {
    const file = join(sandbox.dir, 'clash-config');
    writeFileSync(file, FIXTURE);
    const result = await kubeconfigCli(file, ['--context-name', 'arn:aws:eks:eu-west-1:111122223333:cluster/demo']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('that eks-recover did not write');
    expect(result.stderr).toContain('--force');
    expect(readFileSync(file, 'utf8')).toBe(FIXTURE);
  });

  it('rejects an unknown --exec value with exit 2', async () => {
    const file = join(sandbox.dir, 'bad-exec-config');
    const result = await kubeconfigCli(file, ['--exec', 'python']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("argument 'python' is invalid");
    expect(existsSync(file)).toBe(false);
  });

  it('reports a missing cluster with exit 1', async () => {
    const file = join(sandbox.dir, 'missing-config');
    const result = await runCli(['kubeconfig', '--cluster', 'nope', '--profile', sandbox.profile, '--kubeconfig', file], { env: sandbox.env });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No EKS cluster named "nope"');
    expect(existsSync(file)).toBe(false);
  });
});
