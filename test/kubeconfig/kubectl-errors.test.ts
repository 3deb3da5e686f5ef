import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyKubectlError, kubectlFailureAdvice } from '../../src/kube/kubectl-errors.js';

const STDERR_LINES = readFileSync(new URL('../fixtures/kubeconfig/kubectl-stderr.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean);

describe('classifyKubectlError', () => {
  it('classifies the recorded kubectl errors', () => {
    expect(STDERR_LINES.map(classifyKubectlError)).toEqual(['CLIENT_CONFIG', 'CLIENT_CONFIG', 'UNAUTHENTICATED', 'FORBIDDEN']);
  });

  it('classifies a missing aws executable as client configuration', () => {
    const stderr = 'Unable to connect to the server: getting credentials: exec: executable aws not found';
    expect(classifyKubectlError(stderr)).toBe('CLIENT_CONFIG');
  });

  it('leaves other failures unknown', () => {
    expect(classifyKubectlError('Unable to connect to the server: dial tcp 10.0.0.1:443: i/o timeout')).toBe('UNKNOWN');
  });
});

describe('kubectlFailureAdvice', () => {
  it('points a client problem away from IAM', () => {
    expect(kubectlFailureAdvice('CLIENT_CONFIG')).toContain('client.authentication.k8s.io/v1beta1');
    expect(kubectlFailureAdvice('CLIENT_CONFIG')).toContain('No IAM or aws-auth change helps');
  });

  it('tells RBAC denial from a missing mapping', () => {
    expect(kubectlFailureAdvice('FORBIDDEN')).toContain('RBAC denies');
    expect(kubectlFailureAdvice('UNAUTHENTICATED')).toContain('does not map this identity');
  });
});
