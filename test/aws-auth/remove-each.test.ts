import { describe, expect, it } from 'vitest';
import { addMapping, parseConfigMapDocument, readAwsAuth, removeMapping, renderConfigMapDocument } from '../../src/aws-auth/index.js';
import { isEksRecoverError } from '../../src/errors.js';
import { configMapFixtures, fixtureText } from './fixtures.js';

const NEW_ROLE = 'arn:aws:iam::111122223333:role/demo-admin';

/** The ARNs of a fixture that `removeMapping` accepts and finds, each once. */
function removableArns(data: Record<string, string>): string[] {
  const arns = readAwsAuth(data).entries.flatMap((entry) => (entry.arn === undefined ? [] : [entry.arn]));
  return [...new Set(arns)].filter((arn) => {
    try {
      return removeMapping(data, arn).removed > 0;
    } catch (error) {
      if (isEksRecoverError(error)) return false;
      throw error;
    }
  });
}

const cases = configMapFixtures().flatMap((name) => {
  const data = parseConfigMapDocument(fixtureText(name)).data;
  return removableArns(data).map((arn) => [name, arn] as const);
});

describe('removing each entry of a fixture', () => {
  it('covers files whose last key loses its last entry', () => {
    const names = cases.map(([name]) => name);
    expect(names).toContain('single-user-last.yaml');
    expect(names).toContain('kubectl-order.yaml');
  });

  it.each(cases)('%s: removes %s and keeps the file valid', (name, arn) => {
    const text = fixtureText(name);
    const doc = parseConfigMapDocument(text);
    const removed = removeMapping(doc.data, arn);

    const rendered = renderConfigMapDocument(doc, removed.data);
    const reparsed = parseConfigMapDocument(rendered);

    expect(reparsed.data).toEqual(removed.data);
    expect(reparsed.root.get('kind')).toBe('ConfigMap');
    expect(reparsed.root.toJSON().metadata).toEqual(doc.root.toJSON().metadata);
  });

  it.each(cases)('%s: adds a role, then removes %s', (name, arn) => {
    const doc = parseConfigMapDocument(fixtureText(name));
    const added = parseConfigMapDocument(renderConfigMapDocument(doc, addMapping(doc.data, { arn: NEW_ROLE }).data));
    const removed = removeMapping(added.data, arn);

    const reparsed = parseConfigMapDocument(renderConfigMapDocument(added, removed.data));

    expect(reparsed.data).toEqual(removed.data);
    expect(removeMapping(reparsed.data, NEW_ROLE).removed).toBe(1);
    expect(reparsed.root.toJSON().metadata).toEqual(doc.root.toJSON().metadata);
  });
});

describe('emptied last key', () => {
  it('ends the file with a line break', () => {
    const doc = parseConfigMapDocument(fixtureText('single-user-last.yaml'));
    const rendered = renderConfigMapDocument(doc, removeMapping(doc.data, 'arn:aws:iam::111122223333:user/alice').data);
    expect(rendered.endsWith('  mapUsers: ""\n')).toBe(true);
  });

  it('keeps kind on its own line', () => {
    const text = fixtureText('kubectl-order.yaml');
    const doc = parseConfigMapDocument(text);
    const rendered = renderConfigMapDocument(doc, removeMapping(doc.data, 'arn:aws:iam::111122223333:user/alice').data);
    expect(rendered).toContain('  mapUsers: ""\nkind: ConfigMap\n');
  });
});
