import { CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MotoServer, startMoto } from './moto.js';

describe('moto server', () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMoto();
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it('keeps state until reset', async () => {
    const iam = new IAMClient({
      region: 'us-east-1',
      endpoint: moto.url,
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'sandbox-secret' },
    });
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    expect(JSON.stringify(await moto.data())).toContain('alice');

    await moto.reset();
    expect(JSON.stringify(await moto.data())).not.toContain('alice');
  });
});
