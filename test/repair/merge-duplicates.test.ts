import { describe, expect, it } from 'vitest';
import { mergeDuplicates } from '../../src/aws-auth/fixes.js';
import { lintAwsAuth, readAwsAuth } from '../../src/aws-auth/index.js';

const DUP = 'arn:aws:iam::111122223333:role/Dup';
const NODE = '- rolearn: arn:aws:iam::111122223333:role/Node\n  username: system:node:{{EC2PrivateDNSName}}\n  groups:\n    - system:nodes\n';

function entry(groups: readonly string[], username?: string): string {
  return [`- rolearn: ${DUP}`, ...(username ? [`  username: ${username}`] : []), '  groups:', ...groups.map((group) => `    - ${group}`), ''].join('\n');
}

describe('mergeDuplicates', () => {
  it('moves all groups onto the last entry', () => {
    const mapRoles = `${entry(['a', 'shared'], 'ops')}${NODE}${entry(['shared', 'b'], 'ops')}`;

    const result = mergeDuplicates({ mapRoles }, 'mapRoles', DUP);

    expect(result?.data.mapRoles).toBe(`${NODE}${entry(['shared', 'b', 'a'], 'ops')}`);
    expect(result?.description).toBe(`mapRoles: merge mapRoles[0] into mapRoles[2] for ${DUP}, adding the groups a`);
    expect(lintAwsAuth(result!.data).filter((finding) => finding.code === 'duplicate-arn')).toEqual([]);
  });

  it('merges three entries into the last', () => {
    const mapRoles = `${entry(['a'])}${entry(['b'])}${entry(['c'])}`;

    const result = mergeDuplicates({ mapRoles }, 'mapRoles', DUP);

    const entries = readAwsAuth(result!.data).entries;
    expect(entries).toHaveLength(1);
    expect(entries[0]!.groups).toEqual(['c', 'a', 'b']);
  });

  it('rejects entries with different usernames', () => {
    const mapRoles = `${entry(['a'], 'ops')}${entry(['b'], 'admin')}`;

    expect(mergeDuplicates({ mapRoles }, 'mapRoles', DUP)).toBeNull();
  });

  it('returns null when the last entry has every group', () => {
    const mapRoles = `${entry(['a'])}${entry(['a', 'b'])}`;

    expect(mergeDuplicates({ mapRoles }, 'mapRoles', DUP)).toBeNull();
  });

  it('returns null for a single entry', () => {
    expect(mergeDuplicates({ mapRoles: entry(['a']) }, 'mapRoles', DUP)).toBeNull();
  });
});
