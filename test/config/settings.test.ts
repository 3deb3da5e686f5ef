import { describe, expect, it } from 'vitest';
import { bypassesProxy, createHttpHandler } from '../../src/aws/http.js';
import { resolveSettings, serviceEndpoint } from '../../src/config/settings.js';

describe('resolveSettings', () => {
  it('takes the region from the flag, then AWS_REGION, then AWS_DEFAULT_REGION', () => {
    expect(resolveSettings({ region: 'eu-west-1' }, { AWS_REGION: 'us-east-1' }).region).toBe('eu-west-1');
    expect(resolveSettings({}, { AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-west-2' }).region).toBe('us-east-1');
    expect(resolveSettings({}, { AWS_DEFAULT_REGION: 'us-west-2' }).region).toBe('us-west-2');
    expect(resolveSettings({}, {}).region).toBeUndefined();
  });

  it('takes the profile from the flag, then AWS_PROFILE', () => {
    expect(resolveSettings({ profile: 'alice' }, { AWS_PROFILE: 'bob' }).profile).toBe('alice');
    expect(resolveSettings({}, { AWS_PROFILE: 'bob' }).profile).toBe('bob');
  });

  it('reads the AWS files from the environment or the home folder', () => {
    const settings = resolveSettings({}, { HOME: '/home/alice', AWS_CONFIG_FILE: '/etc/aws/config' });
    expect(settings.configFile).toBe('/etc/aws/config');
    expect(settings.credentialsFile).toBe('/home/alice/.aws/credentials');
  });

  it('prompts only on a terminal and without --yes, whatever CI says', () => {
    expect(resolveSettings({}, { CI: 'true' }, true).interactive).toBe(true);
    expect(resolveSettings({ yes: true }, {}, true).interactive).toBe(false);
    expect(resolveSettings({}, {}, false).interactive).toBe(false);
  });

  it('turns colour off with --no-color or NO_COLOR', () => {
    expect(resolveSettings({ color: false }, {}).color).toBe(false);
    expect(resolveSettings({}, { NO_COLOR: '1' }).color).toBe(false);
    expect(resolveSettings({}, {}).color).toBe(true);
  });
});

describe('serviceEndpoint', () => {
  const env = { AWS_ENDPOINT_URL: 'http://127.0.0.1:1', AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:2' };

  it('prefers --endpoint-url for every service', () => {
    const settings = resolveSettings({ endpointUrl: 'http://127.0.0.1:9' }, env);
    expect(serviceEndpoint(settings, 'sts')).toBe('http://127.0.0.1:9');
    expect(serviceEndpoint(settings, 'iam')).toBe('http://127.0.0.1:9');
  });

  it('uses the service variable before AWS_ENDPOINT_URL', () => {
    const settings = resolveSettings({}, env);
    expect(serviceEndpoint(settings, 'sts')).toBe('http://127.0.0.1:2');
    expect(serviceEndpoint(settings, 'eks')).toBe('http://127.0.0.1:1');
  });

  it('leaves the SDK default without overrides', () => {
    expect(serviceEndpoint(resolveSettings({}, {}), 'eks')).toBeUndefined();
  });
});

describe('proxy settings', () => {
  it.each([
    ['sts.amazonaws.com', 'amazonaws.com', true],
    ['sts.amazonaws.com', '.amazonaws.com', true],
    ['sts.amazonaws.com', 'example.com, *', true],
    ['sts.amazonaws.com', 'example.com', false],
    ['notamazonaws.com', 'amazonaws.com', false],
    ['127.0.0.1', '127.0.0.1:8080', true],
  ])('bypassesProxy(%s, %s) is %s', (host, noProxy, expected) => {
    expect(bypassesProxy(host, noProxy)).toBe(expected);
  });

  it('rejects an unreadable AWS_CA_BUNDLE with the variable named', () => {
    expect(() => createHttpHandler({ env: { AWS_CA_BUNDLE: '/nonexistent/ca.pem' } }, undefined)).toThrow(/Cannot read AWS_CA_BUNDLE file \/nonexistent\/ca\.pem/);
  });
});

describe('escapeControlCharacters', () => {
  it('escapes terminal controls but keeps colours and line breaks', async () => {
    const { escapeControlCharacters } = await import('../../src/ui/redact.js');
    expect(escapeControlCharacters('role/p/\x1b]0;PWNED\x07\x1b[31mred\x1b[39m\nnext\tcol')).toBe('role/p/\\x1b]0;PWNED\\x07\x1b[31mred\x1b[39m\nnext\tcol');
  });
});
