import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/aws-config/', import.meta.url));

/** Reads a fixture exactly as stored, line endings and byte-order mark included. */
export function fixture(name: string): string {
  return readFileSync(`${FIXTURE_DIR}${name}`, 'utf8');
}

export const MARKER = "# written by eks-recover: remove with 'eks-recover cleanup'";

export const TEMP_VALUES: ReadonlyArray<readonly [string, string]> = [
  ['region', 'eu-west-1'],
  ['role_arn', 'arn:aws:iam::111122223333:role/demo-admin'],
  ['role_session_name', 'eks-recover-alice'],
  ['source_profile', 'bob'],
];
