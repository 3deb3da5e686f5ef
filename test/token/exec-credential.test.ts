import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { execCredentialApiVersion, formatExecCredential } from '../../src/kube/exec-credential.js';

const V1 = 'client.authentication.k8s.io/v1';
const V1BETA1 = 'client.authentication.k8s.io/v1beta1';

describe('execCredentialApiVersion', () => {
  it.each([
    [undefined, V1BETA1],
    ['', V1BETA1],
    ['{"kind":"ExecCredential","spec":{"interactive":false}}', V1BETA1],
    [`{"kind":"ExecCredential","apiVersion":"${V1}","spec":{"interactive":false}}`, V1],
    [`{"kind":"ExecCredential","apiVersion":"${V1BETA1}","spec":{}}`, V1BETA1],
  ])('answers %j with %s', (execInfo, expected) => {
    expect(execCredentialApiVersion(execInfo)).toBe(expected);
  });

  it.each(['client.authentication.k8s.io/v1alpha1', 'v1', 42])('rejects requested apiVersion %j', (apiVersion) => {
    const execInfo = JSON.stringify({ kind: 'ExecCredential', apiVersion });
    expect(() => execCredentialApiVersion(execInfo)).toThrow(UsageError);
    expect(() => execCredentialApiVersion(execInfo)).toThrow(/apiVersion/);
  });

  it('names the v1beta1 fix for v1alpha1', () => {
    const execInfo = '{"apiVersion":"client.authentication.k8s.io/v1alpha1"}';
    try {
      execCredentialApiVersion(execInfo);
      expect.unreachable();
    } catch (error) {
      expect((error as UsageError).hint).toContain(V1BETA1);
    }
  });

  it('rejects malformed JSON', () => {
    expect(() => execCredentialApiVersion('{not json')).toThrow(/KUBERNETES_EXEC_INFO is not valid JSON/);
  });
});

describe('formatExecCredential', () => {
  it('renders status with an RFC 3339 expiry', () => {
    const text = formatExecCredential(V1, 'k8s-aws-v1.abc', new Date('2024-03-05T10:34:30.456Z'));
    expect(text.endsWith('\n')).toBe(true);
    expect(JSON.parse(text)).toEqual({
      kind: 'ExecCredential',
      apiVersion: V1,
      spec: {},
      status: { expirationTimestamp: '2024-03-05T10:34:30Z', token: 'k8s-aws-v1.abc' },
    });
  });
});
