import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMapping, parseConfigMapDocument, readAwsAuth, removeMapping, renderConfigMapDocument } from '../../src/aws-auth/index.js';

interface GeneratedEntry {
  readonly role: boolean;
  readonly name: string;
  readonly username: string | null;
  readonly groups: string[];
  readonly comment: boolean;
}

const GROUP_POOL = ['system:masters', 'system:nodes', 'system:bootstrappers', 'dev-team', 'viewers'];

const entryArbitrary = fc.record({
  role: fc.boolean(),
  name: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_+=,.@-]{0,15}$/),
  username: fc.option(fc.constantFrom('admin', 'system:node:{{EC2PrivateDNSName}}', 'ops:{{SessionName}}', 'yes'), { nil: null }),
  groups: fc.subarray(GROUP_POOL),
  comment: fc.boolean(),
});

const styleArbitrary = fc.record({ flow: fc.boolean(), indent: fc.constantFrom(0, 2), nested: fc.constantFrom(0, 2, 4), trailingNewline: fc.boolean() });

type Style = { flow: boolean; indent: number; nested: number; trailingNewline: boolean };

function arnOf(entry: GeneratedEntry): string {
  return `arn:aws:iam::111122223333:${entry.role ? 'role' : 'user'}/${entry.name}`;
}

function renderKey(entries: GeneratedEntry[], style: Style): string {
  if (style.flow) {
    return JSON.stringify(entries.map((entry) => ({ [entry.role ? 'rolearn' : 'userarn']: arnOf(entry), ...(entry.username ? { username: entry.username } : {}), groups: entry.groups })));
  }
  const pad = ' '.repeat(style.indent);
  const lines = entries.flatMap((entry) => [
    ...(entry.comment ? [`${pad}# entry for ${entry.name}`] : []),
    `${pad}- ${entry.role ? 'rolearn' : 'userarn'}: ${arnOf(entry)}`,
    ...(entry.username ? [`${pad}  username: ${JSON.stringify(entry.username)}`] : []),
    `${pad}  groups:${entry.groups.length === 0 ? ' []' : ''}`,
    ...entry.groups.map((group) => `${pad}  ${' '.repeat(style.nested)}- ${group}`),
  ]);
  const text = lines.join('\n');
  return style.trailingNewline ? `${text}\n` : text;
}

function dataOf(entries: GeneratedEntry[], style: Style): Record<string, string> {
  return {
    mapRoles: renderKey(entries.filter((entry) => entry.role), style),
    mapUsers: renderKey(entries.filter((entry) => !entry.role), style),
  };
}

function fileOf(data: Record<string, string>): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'aws-auth' }, data }, null, 2);
}

const NEW_ROLE = 'arn:aws:iam::444455556666:role/new-admin';
const NEW_USER = 'arn:aws:iam::444455556666:user/new-user';

describe('aws-auth properties', () => {
  it('renders parsed files unchanged', () => {
    fc.assert(
      fc.property(fc.array(entryArbitrary, { maxLength: 6 }), styleArbitrary, (entries, style) => {
        const text = fileOf(dataOf(entries, style));
        const doc = parseConfigMapDocument(text);
        expect(renderConfigMapDocument(doc, doc.data)).toBe(text);
      }),
    );
  });

  it('undoes add with remove', () => {
    fc.assert(
      fc.property(fc.array(entryArbitrary, { maxLength: 6 }), styleArbitrary, fc.constantFrom(NEW_ROLE, NEW_USER), (entries, style, arn) => {
        const data = dataOf(entries, style);
        const added = addMapping(data, { arn, groups: ['viewers'] });
        expect(added.changed).toBe(true);
        const removed = removeMapping(added.data, arn);
        expect(removed.removed).toBe(1);
        expect(removed.data).toEqual(data);
      }),
    );
  });

  it('undoes add with remove in files', () => {
    fc.assert(
      fc.property(fc.array(entryArbitrary, { maxLength: 4 }), styleArbitrary, (entries, style) => {
        const yamlText = ['apiVersion: v1', 'kind: ConfigMap', 'data:', `  mapRoles: |${style.trailingNewline ? '' : '-'}`]
          .concat(renderKey(entries.filter((entry) => entry.role), { ...style, flow: false }).split('\n').map((line) => (line === '' ? '' : `    ${line}`)))
          .join('\n')
          .replace(/\n*$/, '\n');
        const doc = parseConfigMapDocument(yamlText);
        if (doc.data.mapRoles === undefined || doc.data.mapRoles.trim() === '') return;
        const added = parseConfigMapDocument(renderConfigMapDocument(doc, addMapping(doc.data, { arn: NEW_ROLE }).data));
        expect(renderConfigMapDocument(added, removeMapping(added.data, NEW_ROLE).data)).toBe(yamlText);
      }),
    );
  });

  it('never loses an entry on add', () => {
    fc.assert(
      fc.property(fc.array(entryArbitrary, { maxLength: 6 }), styleArbitrary, entryArbitrary, (entries, style, request) => {
        const data = dataOf(entries, style);
        const before = readAwsAuth(data).entries;
        const arn = arnOf(request);
        const after = readAwsAuth(addMapping(data, { arn, groups: request.groups }).data).entries;

        for (const entry of before) {
          const kept = after.find((candidate) => candidate.key === entry.key && candidate.index === entry.index);
          expect(kept?.arn).toBe(entry.arn);
          expect(kept?.username).toBe(entry.username);
          expect(kept?.groups.slice(0, entry.groups.length)).toEqual(entry.groups);
        }
        expect(after.length - before.length).toBeLessThanOrEqual(1);
        const winner = after.filter((entry) => entry.arn?.toLowerCase() === arn.toLowerCase()).at(-1);
        for (const group of request.groups.length > 0 ? request.groups : ['system:masters']) expect(winner?.groups).toContain(group);
      }),
    );
  });
});
