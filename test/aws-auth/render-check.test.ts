import { describe, expect, it } from 'vitest';
import { parseConfigMapDocument } from '../../src/aws-auth/index.js';
import { checkRendered } from '../../src/aws-auth/render-check.js';
import { StepError } from '../../src/errors.js';

const ORIGINAL = 'data:\n  mapUsers: |\n    - userarn: arn:aws:iam::111122223333:user/alice\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n';
const parse = (text: string) => parseConfigMapDocument(text);

function rejection(rendered: string, intended: Record<string, string>): unknown {
  try {
    checkRendered(ORIGINAL, rendered, intended, parse);
  } catch (error) {
    return error;
  }
  return null;
}

describe('checkRendered', () => {
  it('accepts text that reads back as intended', () => {
    const rendered = 'data:\n  mapUsers: ""\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n';
    expect(rejection(rendered, { mapUsers: '' })).toBeNull();
  });

  it('rejects a key joined to the next line', () => {
    const error = rejection('data:\n  mapUsers: ""kind: ConfigMap\nmetadata:\n  name: aws-auth\n', { mapUsers: '' });
    expect(error).toBeInstanceOf(StepError);
    expect((error as StepError).message).toContain('Nothing was written');
  });

  it('rejects a data value that differs', () => {
    const error = rejection('data:\n  mapUsers: "x"\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n', { mapUsers: '' });
    expect((error as StepError).message).toContain('data key "mapUsers"');
  });

  it('rejects a missing data key', () => {
    const error = rejection('data: {}\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n', { mapUsers: '' });
    expect((error as StepError).message).toContain('data key "mapUsers"');
  });

  it('rejects a changed field outside data', () => {
    const error = rejection('data:\n  mapUsers: ""\nkind: ConfigMap\nmetadata:\n  name: other\n', { mapUsers: '' });
    expect((error as StepError).message).toContain('a field outside data changed');
  });
});
