import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { UsageError } from '../../src/errors.js';
import {
  type KubeconfigEntry,
  listOwnedContexts,
  mergeKubeconfig,
  removeKubeconfigEntry,
} from '../../src/kube/kubeconfig.js';

const AWS_CLI_CONFIG = readFileSync(new URL('../fixtures/kubeconfig/aws-cli-v1alpha1.yaml', import.meta.url), 'utf8');
const ARN_NAME = 'arn:aws:eks:eu-west-1:111122223333:cluster/demo';

const ENTRY: KubeconfigEntry = {
  name: 'alice@demo.eu-west-1.111122223333',
  server: 'https://127.0.0.1:6443',
  certificateAuthorityData: 'Q0E=',
  exec: {
    apiVersion: 'client.authentication.k8s.io/v1beta1',
    command: 'eks-recover',
    args: ['token', '--cluster', 'demo', '--region', 'eu-west-1'],
    env: [{ name: 'AWS_PROFILE', value: 'alice' }],
  },
};

interface Named {
  name: string;
  [key: string]: unknown;
}
interface Config {
  clusters: Named[];
  users: Named[];
  contexts: Named[];
  'current-context': string;
}

function named(list: Named[], name: string): Named | undefined {
  return list.find((item) => item.name === name);
}

describe('mergeKubeconfig', () => {
  it('creates a kubeconfig from nothing', () => {
    const config = parse(mergeKubeconfig(undefined, ENTRY).text) as Config & { apiVersion: string; kind: string };

    expect(config.apiVersion).toBe('v1');
    expect(config.kind).toBe('Config');
    expect(named(config.clusters, ENTRY.name)?.cluster).toMatchObject({ server: ENTRY.server, 'certificate-authority-data': 'Q0E=' });
    expect(named(config.users, ENTRY.name)?.user).toMatchObject({
      exec: { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'eks-recover', env: [{ name: 'AWS_PROFILE', value: 'alice' }] },
    });
    expect(named(config.contexts, ENTRY.name)?.context).toMatchObject({ cluster: ENTRY.name, user: ENTRY.name });
    expect(config['current-context']).toBe('');
  });

  it('keeps every other entry and comment byte for byte', () => {
    const merged = mergeKubeconfig(AWS_CLI_CONFIG, ENTRY).text;
    const config = parse(merged) as Config;

    expect(merged).toContain('# Written by an old AWS CLI: kubectl 1.24 and later reject the v1alpha1 exec API.');
    expect(merged).toContain('      args: [--region, eu-west-1, eks, get-token, --cluster-name, demo]');
    expect(removeKubeconfigEntry(merged, ENTRY.name).text).toBe(AWS_CLI_CONFIG);
    expect(config.clusters.map((item) => item.name)).toEqual([ARN_NAME, ENTRY.name]);
    expect(config.users.map((item) => item.name)).toEqual([ARN_NAME, ENTRY.name]);
    expect(config['current-context']).toBe(ARN_NAME);
    expect(named(config.users, ARN_NAME)).toEqual(named(parse(AWS_CLI_CONFIG).users, ARN_NAME));
  });

  it('reports each section it adds', () => {
    const { changes } = mergeKubeconfig(AWS_CLI_CONFIG, ENTRY, { setCurrentContext: true });
    expect(changes).toEqual([
      { section: 'cluster', name: ENTRY.name, action: 'added' },
      { section: 'user', name: ENTRY.name, action: 'added' },
      { section: 'context', name: ENTRY.name, action: 'added' },
      { section: 'current-context', name: ENTRY.name, action: 'updated' },
    ]);
  });

  it('sets the current context on request', () => {
    const config = parse(mergeKubeconfig(AWS_CLI_CONFIG, ENTRY, { setCurrentContext: true }).text) as Config;
    expect(config['current-context']).toBe(ENTRY.name);
  });

  it('is idempotent', () => {
    const once = mergeKubeconfig(AWS_CLI_CONFIG, ENTRY).text;
    const twice = mergeKubeconfig(once, ENTRY);

    expect(twice.text).toBe(once);
    expect(twice.changes.map((change) => change.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
  });

  it('updates an entry it wrote before', () => {
    const once = mergeKubeconfig(undefined, ENTRY).text;
    const moved = mergeKubeconfig(once, { ...ENTRY, server: 'https://127.0.0.1:7443' });
    const config = parse(moved.text) as Config;

    expect(moved.changes[0]).toEqual({ section: 'cluster', name: ENTRY.name, action: 'updated' });
    expect(config.clusters).toHaveLength(1);
    expect(named(config.clusters, ENTRY.name)?.cluster).toMatchObject({ server: 'https://127.0.0.1:7443' });
  });

  it('rejects a name taken by a foreign entry', () => {
    const entry = { ...ENTRY, name: ARN_NAME };
    expect(() => mergeKubeconfig(AWS_CLI_CONFIG, entry)).toThrow(UsageError);
    expect(() => mergeKubeconfig(AWS_CLI_CONFIG, entry)).toThrow(
      `The kubeconfig already has a cluster, user, context named "${ARN_NAME}" that eks-recover did not write.`,
    );
  });

  it('replaces a foreign entry with force', () => {
    const entry = { ...ENTRY, name: ARN_NAME };
    const config = parse(mergeKubeconfig(AWS_CLI_CONFIG, entry, { force: true }).text) as Config;

    expect(config.users).toHaveLength(1);
    expect(named(config.users, ARN_NAME)?.user).toMatchObject({ exec: { apiVersion: 'client.authentication.k8s.io/v1beta1' } });
  });

  it('turns a flow list into block style', () => {
    const text = 'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\ncurrent-context: ""\n';
    const merged = mergeKubeconfig(text, ENTRY).text;
    expect(merged).toContain(`clusters:\n- name: ${ENTRY.name}`);
  });

  it.each([
    ['invalid YAML', 'clusters: [\n', /not valid YAML \(line 2\)/],
    ['a scalar document', 'just text\n', /top level is not a mapping/],
    ['clusters as a mapping', 'clusters:\n  a: b\n', /"clusters" is not a list/],
    ['a user that is a string', 'users:\n  - alice\n', /"users" has an item that is not a mapping/],
  ])('rejects %s', (_label, text, message) => {
    expect(() => mergeKubeconfig(text, ENTRY)).toThrow(message);
  });
});

describe('removeKubeconfigEntry', () => {
  it('removes only what eks-recover wrote', () => {
    const written = mergeKubeconfig(AWS_CLI_CONFIG, { ...ENTRY, temporary: true }, { setCurrentContext: true }).text;
    const { text, changes } = removeKubeconfigEntry(written, ENTRY.name);
    const config = parse(text) as Config;

    expect(changes.map((change) => change.action)).toEqual(['removed', 'removed', 'removed', 'removed']);
    expect(config.clusters.map((item) => item.name)).toEqual([ARN_NAME]);
    expect(config['current-context']).toBe('');
    expect(text).toContain('# Written by an old AWS CLI');
  });

  it('keeps a foreign entry of that name', () => {
    const { text, changes } = removeKubeconfigEntry(AWS_CLI_CONFIG, ARN_NAME);
    expect(changes.map((change) => change.action)).toEqual(['kept', 'kept', 'kept']);
    expect(text).toBe(AWS_CLI_CONFIG);
  });
});

describe('listOwnedContexts', () => {
  it('lists marked contexts with their temporary flag', () => {
    const withCaller = mergeKubeconfig(AWS_CLI_CONFIG, ENTRY).text;
    const withCreator = mergeKubeconfig(withCaller, { ...ENTRY, name: 'role/Creator@demo', temporary: true }).text;

    expect(listOwnedContexts(withCreator)).toEqual([
      { name: ENTRY.name, temporary: false },
      { name: 'role/Creator@demo', temporary: true },
    ]);
  });
});
