import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { RunContext } from '../../src/steps/context.js';
import { type AccessReport, printAccessReport } from '../../src/steps/verify-access.js';
import { Output } from '../../src/ui/output.js';

const REPORT: AccessReport = { username: 'alice', groups: [], clusterAdmin: true, namespaces: ['default'], nodes: [], awsAuthEntries: 1 };

/** Prints the report and returns what went to stderr. */
function print(report: AccessReport): string {
  const stderr = new PassThrough();
  let text = '';
  stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const output = new Output({ color: false, json: false, verbose: false, stdout: new PassThrough(), stderr });
  printAccessReport({ output } as RunContext, report);
  return text;
}

describe('printAccessReport', () => {
  it('counts aws-auth mappings in the right number', () => {
    expect(print(REPORT)).toContain('  aws-auth: 1 readable mapping\n');
    expect(print({ ...REPORT, awsAuthEntries: 0 })).toContain('  aws-auth: 0 readable mappings\n');
    expect(print({ ...REPORT, awsAuthEntries: 3 })).toContain('  aws-auth: 3 readable mappings\n');
  });

  it('leaves out aws-auth when it was not read', () => {
    expect(print({ ...REPORT, awsAuthEntries: null })).not.toContain('aws-auth');
  });
});
