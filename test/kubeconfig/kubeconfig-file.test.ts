import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { KubeconfigEntry } from '../../src/kube/kubeconfig.js';
import { chooseKubeconfigFile, kubeconfigFiles, writeKubeconfigEntry } from '../../src/kube/kubeconfig-file.js';

const FIXTURE = readFileSync(new URL('../fixtures/kubeconfig/aws-cli-v1alpha1.yaml', import.meta.url), 'utf8');
const ENTRY: KubeconfigEntry = {
  name: 'alice@demo.eu-west-1.111122223333',
  server: 'https://127.0.0.1:6443',
  certificateAuthorityData: 'Q0E=',
  exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'eks-recover', args: ['token', '--cluster', 'demo'] },
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'eks-recover-kubeconfig-'));
});

describe('kubeconfigFiles', () => {
  it('prefers --kubeconfig over KUBECONFIG', () => {
    expect(kubeconfigFiles({ explicitPath: '/a', kubeconfigEnv: '/b:/c', homeDir: '/home/u' })).toEqual(['/a']);
  });

  it('splits KUBECONFIG and drops empty and repeated parts', () => {
    expect(kubeconfigFiles({ kubeconfigEnv: '/b::/c:/b', homeDir: '/home/u' })).toEqual(['/b', '/c']);
  });

  it('falls back to ~/.kube/config', () => {
    expect(kubeconfigFiles({ kubeconfigEnv: '', homeDir: '/home/u' })).toEqual(['/home/u/.kube/config']);
  });
});

describe('chooseKubeconfigFile', () => {
  const texts = (entries: Array<[string, string | undefined]>) => new Map(entries);

  it('takes the first existing file of several', () => {
    expect(chooseKubeconfigFile(['/a', '/b', '/c'], texts([['/a', undefined], ['/b', 'x: 1'], ['/c', 'y: 1']]), 'n')).toBe('/b');
  });

  it('takes the last file when none exists', () => {
    expect(chooseKubeconfigFile(['/a', '/b'], texts([['/a', undefined], ['/b', undefined]]), 'n')).toBe('/b');
  });

  it('takes the file that already holds the name', () => {
    const holder = 'contexts:\n- name: n\n  context: {cluster: c, user: u}\n';
    expect(chooseKubeconfigFile(['/a', '/b'], texts([['/a', 'x: 1'], ['/b', holder]]), 'n')).toBe('/b');
  });
});

describe('writeKubeconfigEntry', () => {
  it('creates ~/.kube/config with modes 0700 and 0600', async () => {
    const result = await writeKubeconfigEntry({ homeDir: dir, entry: ENTRY });

    expect(result.path).toBe(join(dir, '.kube', 'config'));
    expect(statSync(join(dir, '.kube')).mode & 0o777).toBe(0o700);
    expect(statSync(result.path).mode & 0o777).toBe(0o600);
    expect(parse(readFileSync(result.path, 'utf8')).contexts[0].name).toBe(ENTRY.name);
  });

  it('tightens an existing file to 0600', async () => {
    const path = join(dir, 'config');
    writeFileSync(path, FIXTURE, { mode: 0o644 });
    await writeKubeconfigEntry({ homeDir: dir, explicitPath: path, entry: ENTRY });

    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('writes nothing on a clash', async () => {
    const path = join(dir, 'config');
    writeFileSync(path, FIXTURE);
    const entry = { ...ENTRY, name: 'arn:aws:eks:eu-west-1:111122223333:cluster/demo' };

    await expect(writeKubeconfigEntry({ homeDir: dir, explicitPath: path, entry })).rejects.toThrow(/did not write/);
    expect(readFileSync(path, 'utf8')).toBe(FIXTURE);
  });

  it('writes nothing in a dry run', async () => {
    const result = await writeKubeconfigEntry({ homeDir: dir, entry: ENTRY, dryRun: true });

    expect(result.changes.map((change) => change.action)).toEqual(['added', 'added', 'added']);
    expect(() => statSync(result.path)).toThrow();
  });

  it('sets current-context in the first KUBECONFIG file that has one', async () => {
    const first = join(dir, 'first');
    const second = join(dir, 'second');
    writeFileSync(first, 'apiVersion: v1\nkind: Config\ncurrent-context: old\n');
    writeFileSync(second, FIXTURE);
    const result = await writeKubeconfigEntry({
      homeDir: dir,
      kubeconfigEnv: `${join(dir, 'absent')}:${first}:${second}`,
      entry: ENTRY,
      setCurrentContext: true,
    });

    expect(result.path).toBe(first);
    expect(parse(readFileSync(first, 'utf8'))['current-context']).toBe(ENTRY.name);
    expect(readFileSync(second, 'utf8')).toBe(FIXTURE);
  });

  it('sets current-context where kubectl reads it', async () => {
    const first = join(dir, 'first');
    const second = join(dir, 'second');
    writeFileSync(first, 'apiVersion: v1\nkind: Config\n');
    writeFileSync(second, FIXTURE);
    const result = await writeKubeconfigEntry({ homeDir: dir, kubeconfigEnv: `${first}:${second}`, entry: ENTRY, setCurrentContext: true });

    expect(result.path).toBe(first);
    expect(result.currentContextPath).toBe(second);
    expect(parse(readFileSync(first, 'utf8')).contexts[0].name).toBe(ENTRY.name);
    expect(parse(readFileSync(second, 'utf8'))['current-context']).toBe(ENTRY.name);
    expect(parse(readFileSync(second, 'utf8')).users).toHaveLength(1);
  });
});
