import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMapping, lintAwsAuth, parseConfigMapDocument, readAwsAuth } from '../../src/aws-auth/index.js';
import { parseAwsConfig } from '../../src/aws-config/index.js';
import { isEksRecoverError } from '../../src/errors.js';

// Text that looks like the inputs: YAML and ini punctuation, ARNs, control characters and
// non-ASCII, so that the generators reach the parsers' edge cases and not only their first check.
const TOKENS = ['- ', '  ', '\n', '\r\n', '\t', ':', '|', '[', ']', '{', '}', '#', '"', "'", '&a', '*a', '!!str', 'rolearn: ', 'userarn: ', 'groups:', 'mapRoles', 'arn:aws:iam::111122223333:role/x', '[profile a]', 'region = ', '=', '\u0000', '\u001b', 'é', '😀'];
const text = fc.array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 8 })), { maxLength: 60 }).map((parts) => parts.join(''));

/** Runs `parse` and fails only on an error that is not a user-facing one (a crash). */
function noCrash(parse: () => unknown): void {
  try {
    parse();
  } catch (error) {
    if (!isEksRecoverError(error)) throw error;
  }
}

describe('parser fuzzing', () => {
  it('reads any aws-auth data', () => {
    fc.assert(
      fc.property(text, text, (mapRoles, mapUsers) => {
        const data = { mapRoles, mapUsers };
        noCrash(() => readAwsAuth(data));
        noCrash(() => lintAwsAuth(data));
      }),
      { numRuns: 2_000 },
    );
  });

  it('adds to any aws-auth data without loss', () => {
    fc.assert(
      fc.property(text, (mapUsers) => {
        const before = readAwsAuth({ mapUsers }).entries.filter((entry) => entry.readable);
        let after: ReturnType<typeof addMapping> | undefined;
        noCrash(() => (after = addMapping({ mapUsers }, { arn: 'arn:aws:iam::111122223333:role/ops', groups: ['system:masters'] })));
        if (!after) return;
        const remaining = readAwsAuth(after.data).entries.map((entry) => `${entry.key} ${entry.arn}`);
        for (const entry of before) expect(remaining).toContain(`${entry.key} ${entry.arn}`);
      }),
      { numRuns: 1_000 },
    );
  });

  it('parses any ConfigMap file text', () => {
    fc.assert(fc.property(text, (input) => noCrash(() => parseConfigMapDocument(input, 'fuzz.yaml'))), { numRuns: 2_000 });
  });

  it('parses any AWS config text', () => {
    fc.assert(fc.property(text, (input) => noCrash(() => parseAwsConfig(input, 'config'))), { numRuns: 2_000 });
  });
});
