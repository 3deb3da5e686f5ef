import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AwsClients } from '../../src/aws/clients.js';
import { UsageError, StepError } from '../../src/errors.js';
import { lookupAccessEntryPrincipal } from '../../src/steps/access-entry-principal.js';
import { type PathInput, decidePath, normalizeMode } from '../../src/steps/choose-path.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/access-entry/${name}`, import.meta.url), 'utf8');
const lines = (name: string) => fixture(name).trim().split('\n').map((line) => JSON.parse(line));

const modes: string[] = lines('describe-cluster-modes.jsonl').map(
  (fragment: { cluster: { accessConfig?: { authenticationMode?: string } } }) => normalizeMode(fragment.cluster.accessConfig?.authenticationMode),
);
const alice = 'arn:aws:iam::111122223333:user/alice';

function input(mode: string, overrides: Partial<PathInput> = {}): PathInput {
  return { clusterName: 'demo', authenticationMode: mode, method: 'auto', enableAccessEntries: false, principalArn: alice, ...overrides };
}

describe('decidePath', () => {
  it('reads every describe-cluster fragment', () => {
    expect(modes).toEqual(['CONFIG_MAP', 'API_AND_CONFIG_MAP', 'API', 'CONFIG_MAP']);
  });

  it.each([
    [0, 'aws-auth', false],
    [1, 'access-entry', true],
    [2, 'access-entry', false],
    [3, 'aws-auth', false],
  ])('auto picks the method for fragment %i', (index, method, fallbackOnDenied) => {
    const decision = decidePath(input(modes[index]!));
    expect(decision.method).toBe(method);
    expect(decision.fallbackOnDenied).toBe(fallbackOnDenied);
    expect(decision.enableAccessEntries).toBe(false);
    expect(decision.reason).toMatch(/demo/);
  });

  it('rejects aws-auth in API mode', () => {
    const decide = () => decidePath(input('API', { method: 'aws-auth' }));
    expect(decide).toThrow(UsageError);
    expect(decide).toThrow(/aws-auth is ignored in API mode/);
  });

  it('rejects access-entry in CONFIG_MAP mode', () => {
    const decide = () => decidePath(input('CONFIG_MAP', { method: 'access-entry' }));
    expect(decide).toThrow(UsageError);
    expect(decide).toThrow(/CONFIG_MAP, which has no access entries/);
  });

  it('enables access entries only on request', () => {
    const decision = decidePath(input('CONFIG_MAP', { enableAccessEntries: true }));
    expect(decision.method).toBe('access-entry');
    expect(decision.enableAccessEntries).toBe(true);
    expect(decision.reason).toMatch(/--enable-access-entries/);
  });

  it('rejects enabling with --method aws-auth', () => {
    expect(() => decidePath(input('CONFIG_MAP', { enableAccessEntries: true, method: 'aws-auth' }))).toThrow(/cannot be combined/);
  });

  it('keeps aws-auth when chosen in API_AND_CONFIG_MAP', () => {
    const decision = decidePath(input('API_AND_CONFIG_MAP', { method: 'aws-auth' }));
    expect(decision.method).toBe('aws-auth');
    expect(decision.fallbackOnDenied).toBe(false);
  });
});

describe('decidePath with an existing access entry', () => {
  const scenario = JSON.parse(fixture('existing-entry.json')) as { cluster: { accessConfig: { authenticationMode: string } }; listAccessEntries: string[] };
  const principalArn = scenario.listAccessEntries[0]!;
  const existingEntry = { principalArn, type: 'STANDARD', kubernetesGroups: [] };
  const mode = scenario.cluster.accessConfig.authenticationMode;

  it('uses the entry instead of aws-auth', () => {
    const decision = decidePath(input(mode, { principalArn, existingEntry }));
    expect(decision.method).toBe('access-entry');
    expect(decision.fallbackOnDenied).toBe(false);
    expect(decision.reason).toMatch(/already has an access entry/);
  });

  it('rejects --method aws-auth for that principal', () => {
    const decide = () => decidePath(input(mode, { principalArn, existingEntry, method: 'aws-auth' }));
    expect(decide).toThrow(UsageError);
    expect(decide).toThrow(/EKS ignores aws-auth mappings for it/);
  });
});

describe('principals that cannot have an access entry', () => {
  const identities = lines('caller-identities.jsonl') as Array<{ Arn: string }>;
  const noClients = {} as AwsClients;

  it.each([
    [0, false, /root principal/],
    [1, true, undefined],
    [3, false, /federated-user principal/],
  ])('classifies caller %i', async (index, ok, problem) => {
    const lookup = await lookupAccessEntryPrincipal(noClients, identities[index]!.Arn);
    expect(lookup.ok).toBe(ok);
    if (lookup.ok) expect(lookup.arn).toBe('arn:aws:iam::111122223333:user/eng/alice');
    else expect(lookup.reason).toMatch(problem!);
  });

  it('falls back to aws-auth for a federated user', () => {
    const decision = decidePath(input('API_AND_CONFIG_MAP', { principalProblem: 'bob is a federated user' }));
    expect(decision.method).toBe('aws-auth');
    expect(decision.reason).toMatch(/bob is a federated user/);
  });

  it('fails in API mode for a federated user', () => {
    const decide = () => decidePath(input('API', { principalProblem: 'bob is a federated user' }));
    expect(decide).toThrow(StepError);
    expect(decide).toThrow(/needs an access entry/);
  });
});
