import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOnPath, missingExecWarning } from '../../src/kube/kubeconfig-exec.js';
import { type Sandbox, startSandbox } from '../sandbox/index.js';
import { runCli } from '../support/cli.js';

describe('findOnPath', () => {
  let root: string;
  let withProgram: string;
  let notExecutable: string;
  let folderNamed: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'eks-recover-path-'));
    withProgram = join(root, 'bin');
    notExecutable = join(root, 'plain');
    folderNamed = join(root, 'folder');
    mkdirSync(withProgram);
    mkdirSync(notExecutable);
    mkdirSync(join(folderNamed, 'eks-recover'), { recursive: true });
    writeFileSync(join(withProgram, 'eks-recover'), '#!/bin/sh\n');
    chmodSync(join(withProgram, 'eks-recover'), 0o755);
    writeFileSync(join(notExecutable, 'eks-recover'), '#!/bin/sh\n');
    chmodSync(join(notExecutable, 'eks-recover'), 0o644);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('finds an executable file', async () => {
    const path = [notExecutable, folderNamed, withProgram].join(':');
    expect(await findOnPath('eks-recover', { path, platform: 'linux' })).toBe(join(withProgram, 'eks-recover'));
  });

  it('skips plain files and folders', async () => {
    const path = [notExecutable, folderNamed].join(':');
    expect(await findOnPath('eks-recover', { path, platform: 'linux' })).toBeUndefined();
  });

  it('treats a missing PATH as empty', async () => {
    expect(await findOnPath('eks-recover', { path: undefined, platform: 'linux' })).toBeUndefined();
    expect(await findOnPath('eks-recover', { path: '', platform: 'linux' })).toBeUndefined();
  });

  it('tries PATHEXT on Windows', async () => {
    writeFileSync(join(notExecutable, 'aws.CMD'), '@echo off\n');
    expect(await findOnPath('aws', { path: notExecutable, pathExt: '.EXE;.CMD', platform: 'win32' })).toBe(join(notExecutable, 'aws.CMD'));
  });

  it('warns with both fixes', async () => {
    const warning = await missingExecWarning('eks-recover', { path: notExecutable, platform: 'linux' });
    expect(warning).toContain('eks-recover is not on your PATH');
    expect(warning).toContain('npm install -g eks-recover');
    expect(warning).toContain('--exec aws');
    expect(await missingExecWarning('eks-recover', { path: withProgram, platform: 'linux' })).toBeUndefined();
  });
});

// Run `npm run build` first: these tests drive dist/cli.js against moto and the EKS emulator.
describe('eks-recover kubeconfig without eks-recover on PATH', () => {
  let sandbox: Sandbox;
  let shimDir: string;

  beforeAll(async () => {
    sandbox = await startSandbox();
    shimDir = join(sandbox.dir, 'bin');
    mkdirSync(shimDir);
    writeFileSync(join(shimDir, 'eks-recover'), '#!/bin/sh\n');
    chmodSync(join(shimDir, 'eks-recover'), 0o755);
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  const kubeconfigCli = (file: string, path: string) =>
    runCli(['kubeconfig', '--cluster', sandbox.clusterName, '--profile', sandbox.profile, '--kubeconfig', file, '--set-context'], {
      env: { ...sandbox.env, PATH: path },
    });

  it('warns and still writes the bare name', async () => {
    const file = join(sandbox.dir, 'no-path-config');
    const result = await kubeconfigCli(file, '/usr/bin:/bin');

    expect(result.code).toBe(0);
    expect(result.stderr).toContain('warning: eks-recover is not on your PATH, so kubectl cannot run it to get a token for this context.');
    expect(result.stderr).toContain('npm install -g eks-recover');
    expect(result.stderr).toContain('--exec aws');
    expect(readFileSync(file, 'utf8')).toMatch(/command: eks-recover\n/);
  });

  it('stays quiet when eks-recover is on PATH', async () => {
    const file = join(sandbox.dir, 'on-path-config');
    const result = await kubeconfigCli(file, `${shimDir}:/usr/bin:/bin`);

    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('not on your PATH');
  });
});
