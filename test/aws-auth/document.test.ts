import { describe, expect, it } from 'vitest';
import { addMapping, fileLine, lintAwsAuth, parseConfigMapDocument, removeMapping, renderConfigMapDocument } from '../../src/aws-auth/index.js';
import { UsageError } from '../../src/errors.js';
import { configMapFixtures, fixtureText } from './fixtures.js';

const ROLE = 'arn:aws:iam::111122223333:role/demo-admin';

describe('ConfigMap document rendering', () => {
  it.each(configMapFixtures().map((name) => [name]))('renders %s unchanged', (name) => {
    const doc = parseConfigMapDocument(fixtureText(name));
    expect(renderConfigMapDocument(doc, doc.data)).toBe(fixtureText(name));
  });

  it.each(configMapFixtures().map((name) => [name]))('adds then removes a role in %s', (name) => {
    const text = fixtureText(name);
    const doc = parseConfigMapDocument(text);
    const added = addMapping(doc.data, { arn: ROLE });
    const rendered = renderConfigMapDocument(doc, added.data);
    const reparsed = parseConfigMapDocument(rendered);
    expect(reparsed.data.mapRoles).toBe(added.data.mapRoles);
    for (const key of Object.keys(doc.data).filter((key) => key !== 'mapRoles')) expect(reparsed.data[key]).toBe(doc.data[key]);
    if (doc.data.mapRoles !== undefined) {
      const restored = renderConfigMapDocument(reparsed, removeMapping(reparsed.data, ROLE).data);
      expect(restored).toBe(text);
    }
  });

  it('keeps comments, order and chomping', () => {
    const text = fixtureText('commented.yaml');
    const doc = parseConfigMapDocument(text);
    const rendered = renderConfigMapDocument(doc, addMapping(doc.data, { arn: ROLE, username: 'admin' }).data);
    const expectedRoles = [
      '  mapRoles: |-',
      ...(doc.data.mapRoles ?? '').split('\n').map((line) => (line === '' ? '' : `    ${line}`)),
      '    - rolearn: arn:aws:iam::111122223333:role/demo-admin',
      '      username: admin',
      '      groups:',
      '      - system:masters',
    ].join('\n');
    expect(rendered).toBe(text.replace(/ {2}mapRoles: \|-\n[\s\S]*?groups: \[\]/, expectedRoles));
  });

  it('adds groups to an empty flow list in place', () => {
    const text = fixtureText('commented.yaml');
    const doc = parseConfigMapDocument(text);
    const rendered = renderConfigMapDocument(doc, addMapping(doc.data, { arn: 'arn:aws:iam::111122223333:role/ci' }).data);
    expect(rendered).toBe(text.replace('groups: []', 'groups: [system:masters]'));
  });

  it('writes a new key in JSON', () => {
    const text = fixtureText('json-format.json');
    const doc = parseConfigMapDocument(text);
    const rendered = renderConfigMapDocument(doc, addMapping(doc.data, { arn: 'arn:aws:iam::111122223333:user/alice' }).data);
    const parsed = JSON.parse(rendered) as { data: Record<string, string>; metadata: unknown };
    expect(JSON.parse(parsed.data.mapUsers ?? '')).toEqual([{ userarn: 'arn:aws:iam::111122223333:user/alice', username: 'arn:aws:iam::111122223333:user/alice', groups: ['system:masters'] }]);
    expect(parsed.metadata).toEqual(JSON.parse(text).metadata);
  });

  it('adds a data section when there is none', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\n';
    const doc = parseConfigMapDocument(text);
    const rendered = renderConfigMapDocument(doc, addMapping(doc.data, { arn: ROLE, username: 'admin' }).data);
    expect(rendered).toBe(`${text}data:\n  mapRoles: |\n    - rolearn: ${ROLE}\n      username: admin\n      groups:\n        - system:masters\n`);
  });

  it('maps finding lines to file lines', () => {
    const doc = parseConfigMapDocument(fixtureText('role-path.yaml'));
    const finding = lintAwsAuth(doc.data)[0];
    expect(fileLine(doc, finding?.key ?? null, finding?.line ?? null)).toBe(13);
    const json = parseConfigMapDocument(fixtureText('json-format.json'));
    expect(fileLine(json, 'mapRoles', 1)).toBe(10);
  });

  it('counts leading blank lines in a block', () => {
    const doc = parseConfigMapDocument(fixtureText('blank-lines-indicator.yaml'));
    const rendered = renderConfigMapDocument(doc, addMapping(doc.data, { arn: ROLE }).data);
    expect(parseConfigMapDocument(rendered).data.mapRoles).toBe(addMapping(doc.data, { arn: ROLE }).data.mapRoles);
    expect(rendered.startsWith(fixtureText('blank-lines-indicator.yaml').split('  mapUsers')[0]?.trimEnd() ?? '')).toBe(true);
  });

  it.each([
    ['kind: Secret\ndata: {}\n', 'kind is "Secret"'],
    ['- a\n- b\n', 'does not hold'],
    ['kind: ConfigMap\ndata:\n  mapRoles: [a]\n', 'does not hold a string'],
    ['kind: ConfigMap\ndata: [\n', 'not valid YAML'],
  ])('rejects %j', (text, message) => {
    let error: unknown;
    try {
      parseConfigMapDocument(text, 'aws-auth.yaml');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toContain('aws-auth.yaml');
    expect((error as UsageError).message).toContain(message);
  });
});

describe('ConfigMap document JSON errors', () => {
  it.each([
    ['a trailing comma', '{\n  "kind": "ConfigMap",\n  "data": {"mapRoles": "[]",}\n}\n', 'line 3, column 29: Expected double-quoted property name'],
    ['a missing brace', '\uFEFF{"kind": "ConfigMap", "data": {"mapRoles": "[]"}\n', "line 2, column 1: Expected ',' or '}' after property value"],
    ['a truncated string', '  {"kind": "ConfigMap", "data": {"mapRoles": "- rolearn', 'line 1, column 56: Unterminated string'],
    ['an empty object body', '{', 'line 1, column 2: Expected property name'],
  ])('reports %s with the JSON.parse reason', (_name, text, reason) => {
    let error: unknown;
    try {
      parseConfigMapDocument(text, 'aws-auth.json');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toContain(`Cannot read aws-auth.json as a ConfigMap: it is not valid JSON (${reason}`);
    expect((error as UsageError).message).not.toMatch(/indented|Flow map/);
  });

  it('still reads valid JSON with a BOM', () => {
    const doc = parseConfigMapDocument('\uFEFF{"kind": "ConfigMap", "data": {"mapRoles": "[]"}}\n');
    expect(doc.format).toBe('json');
    expect(doc.data).toEqual({ mapRoles: '[]' });
  });
});
