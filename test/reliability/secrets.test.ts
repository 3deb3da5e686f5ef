import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { GetGroupPolicyCommand, IAMClient, ListGroupsCommand } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../sandbox/index.js';
import { callerCredentials } from '../sandbox/clients.js';
import { type CliResult, runCli } from '../support/cli.js';
import { cleanup, cliEnv, recover } from '../recover/helpers.js';
import { stateDir } from './state.js';

/** Patterns of secrets that must never be written: EKS bearer tokens, presigned signatures, STS session tokens. */
const SECRET_PATTERNS: ReadonlyArray<readonly [string, RegExp]> = [
  ['EKS bearer token', /k8s-aws-v1\.[A-Za-z0-9_-]{20,}/],
  ['presigned signature', /X-Amz-Signature=[0-9a-f]{16,}/i],
  ['presigned session token', /X-Amz-Security-Token=[^&\s"'<]{16,}/i],
  ['session token value', /(?:aws_session_token|sessionToken|SessionToken)["']?\s*[:=]\s*["']?[A-Za-z0-9/+=]{20,}/],
  ['whole access key id', /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/],
];

/** Lists every file and folder under `dir` with its text and mode. */
async function filesUnder(dir: string): Promise<Array<{ path: string; text: string; mode: number; directory: boolean }>> {
  const found = [];
  for (const name of await readdir(dir, { recursive: true })) {
    const path = join(dir, name);
    const info = await stat(path);
    found.push({ path, text: info.isFile() ? await readFile(path, 'utf8') : '', mode: info.mode & 0o777, directory: info.isDirectory() });
  }
  return found;
}

describe('secrets and least privilege', () => {
  let sandbox: Sandbox;
  const outputs: Array<{ name: string; text: string }> = [];
  let policy: Record<string, unknown> | undefined;

  beforeAll(async () => {
    sandbox = await startSandbox();
    const box = sandbox;
    const iam = new IAMClient({ region: box.region, endpoint: box.emulator.awsUrl, credentials: callerCredentials(box) });
    box.emulator.hooks.beforeNext({ service: 'iam', action: 'AddUserToGroup' }, async () => {
      const group = (await iam.send(new ListGroupsCommand({ PathPrefix: '/eks-recover/' }))).Groups!.find((candidate) => candidate.Path === '/eks-recover/')!;
      const document = (await iam.send(new GetGroupPolicyCommand({ GroupName: group.GroupName!, PolicyName: 'eks-recover-assume-creator-role' }))).PolicyDocument!;
      policy = JSON.parse(decodeURIComponent(document)) as Record<string, unknown>;
    });

    const runs: Array<[string, () => Promise<CliResult>]> = [
      ['recover --verbose --json --keep-temp', () => recover(box, ['--verbose', '--json', '--keep-temp'])],
      ['cleanup --verbose', () => cleanup(box, ['--verbose'])],
      ['kubeconfig --verbose', () => runCli(['kubeconfig', '--profile', box.profile, '--cluster', box.clusterName, '--kubeconfig', join(box.dir, 'kubeconfig'), '--verbose'], { env: cliEnv(box) })],
      ['diagnose --verbose', () => runCli(['diagnose', '--profile', box.profile, '--cluster', box.clusterName, '--verbose'], { env: cliEnv(box) })],
    ];
    for (const [name, run] of runs) {
      const result = await run();
      outputs.push({ name: `${name} stdout`, text: result.stdout }, { name: `${name} stderr`, text: result.stderr });
    }
    box.emulator.hooks.fail({ service: 'iam', action: 'CreateGroup', nth: 1 }, { expiredToken: true });
    const failed = await recover(box, ['--verbose']);
    outputs.push({ name: 'failed recover --verbose stderr', text: failed.stderr });
    iam.destroy();
  }, 120_000);
  afterAll(async () => sandbox?.stop());

  it('finds no secret in any output', async () => {
    const { secretAccessKey, accessKeyId } = callerCredentials(sandbox);
    const kubeconfig = join(sandbox.dir, 'kubeconfig');
    const files = (await filesUnder(stateDir(sandbox))).map((file) => ({ name: file.path, text: file.text }));
    const texts = [...outputs, ...files, { name: kubeconfig, text: await readFile(kubeconfig, 'utf8') }];
    expect(files.length).toBeGreaterThan(0);

    const leaks: string[] = [];
    for (const { name, text } of texts) {
      if (text.includes(secretAccessKey)) leaks.push(`${name}: the secret access key`);
      if (text.includes(accessKeyId)) leaks.push(`${name}: the whole access key id`);
      for (const [kind, pattern] of SECRET_PATTERNS) if (pattern.test(text)) leaks.push(`${name}: ${kind} ${pattern.exec(text)![0].slice(0, 24)}…`);
    }
    expect(leaks).toEqual([]);
  });

  it('keeps the state folder private', async () => {
    const entries = await filesUnder(stateDir(sandbox));
    expect(entries.some((entry) => entry.path.endsWith('journal.json'))).toBe(true);
    expect(entries.some((entry) => entry.path.endsWith('aws-auth-before.json'))).toBe(true);
    expect(entries.filter((entry) => entry.directory && entry.mode !== 0o700).map((entry) => entry.path)).toEqual([]);
    expect(entries.filter((entry) => !entry.directory && entry.mode !== 0o600).map((entry) => entry.path)).toEqual([]);
    expect((await stat(stateDir(sandbox))).mode & 0o077).toBe(0);
  });

  it('grants AssumeRole on one role until a deadline', () => {
    const statements = (policy?.Statement ?? []) as Array<Record<string, unknown>>;
    expect(statements).toHaveLength(1);
    const statement = statements[0]!;
    expect(statement.Effect).toBe('Allow');
    expect(statement.Action).toBe('sts:AssumeRole');
    expect(statement.Resource).toBe(sandbox.creatorRoleArn);
    const deadline = (statement.Condition as { DateLessThan: Record<string, string> }).DateLessThan['aws:CurrentTime']!;
    expect(Date.parse(deadline)).toBeGreaterThan(Date.now());
    expect(Date.parse(deadline)).toBeLessThanOrEqual(Date.now() + 24 * 60 * 60_000);
    expect(Object.keys(statement).sort()).toEqual(['Action', 'Condition', 'Effect', 'Resource', 'Sid']);
  });
});
