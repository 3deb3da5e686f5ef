import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../sandbox/index.js';
import { callerNamespaceStatus, cleanup, eksRecoverGroups, recover, tryAssumeCreator } from './helpers.js';

describe('recover with IAM authorization enforced by moto', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ iamAuthorization: true });
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('is denied AssumeRole before the grant, allowed with it, denied after cleanup', async () => {
    expect(await tryAssumeCreator(sandbox)).toBe('AccessDenied');

    const result = await recover(sandbox, ['--keep-temp']);
    expect(result.stderr).not.toMatch(/error:/);
    expect(result.code).toBe(0);
    expect(await callerNamespaceStatus(sandbox)).toBe(200);
    expect(await tryAssumeCreator(sandbox)).toBe('allowed');
    expect(await eksRecoverGroups(sandbox)).toHaveLength(1);

    const cleaned = await cleanup(sandbox);
    expect(cleaned.code).toBe(0);
    expect(await eksRecoverGroups(sandbox)).toEqual([]);
    expect(await tryAssumeCreator(sandbox)).toBe('AccessDenied');
  });
});
