import { UsageError } from '../errors.js';

/**
 * The AWS partitions the IAM authenticator accepts (aws-iam-authenticator
 * `pkg/endpoints/partitions.go`). An ARN in any other partition never authenticates.
 */
export const AWS_PARTITIONS = [
  'aws',
  'aws-cn',
  'aws-us-gov',
  'aws-iso',
  'aws-iso-b',
  'aws-iso-e',
  'aws-iso-f',
  'aws-eusc',
] as const;

export type PrincipalKind = 'user' | 'role' | 'assumed-role' | 'federated-user' | 'root' | 'other';

export interface ParsedArn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly accountId: string;
  /** First segment of the resource: `role`, `user`, `assumed-role`, `federated-user`, `root`. */
  readonly resourceType: string;
  /** IAM path with its slashes (`/` when there is none, `/ci/deploy/` for `role/ci/deploy/x`). */
  readonly resourcePath: string;
  /** Principal name: the role of an assumed-role ARN, empty for `root`. */
  readonly name: string;
  /** Session name of an assumed-role ARN, undefined otherwise. */
  readonly sessionName: string | undefined;
  readonly kind: PrincipalKind;
  /** True for the roles IAM Identity Center creates (`AWSReservedSSO_*`). */
  readonly ssoReserved: boolean;
  readonly arn: string;
}

export type AwsAuthKey = 'mapRoles' | 'mapUsers';

export interface AwsAuthPrincipal {
  /** The ARN the authenticator compares the caller with. */
  readonly arn: string;
  readonly key: AwsAuthKey;
  /** One sentence per conversion made, empty when the input was already canonical. */
  readonly changes: string[];
}

const ARN_HELP = 'Use the form arn:PARTITION:iam::ACCOUNT:role/NAME or arn:PARTITION:iam::ACCOUNT:user/NAME.';
const SSO_ROLE_PREFIX = 'AWSReservedSSO_';
const ACCOUNT_ID = /^\d{12}$/;

/** Returns true when the text contains a `*` or `?`, which aws-auth and access entries never expand. */
export function hasWildcard(text: string): boolean {
  return /[*?]/.test(text);
}

/** Control characters, Unicode format characters (such as bidirectional overrides) and whitespace. */
const UNPRINTABLE = /[\s\p{Cc}\p{Cf}]/u;

export interface ParseArnOptions {
  /** Accepts `*` and `?`, for callers that report a wildcard on their own and still want the fields. */
  readonly allowWildcards?: boolean;
}

/**
 * Parses any ARN and classifies IAM principals. Throws a UsageError (code `InvalidArn`) for
 * text that is not an ARN, an unknown partition, a control character or whitespace anywhere,
 * or a wildcard (unless `options.allowWildcards`).
 */
export function parseArn(text: string, options: ParseArnOptions = {}): ParsedArn {
  const arn = text;
  if (UNPRINTABLE.test(arn)) {
    throw invalidArn(text, 'it contains a control character or whitespace, which no ARN contains; copy the ARN again from the AWS console or CLI output');
  }
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') {
    throw invalidArn(text, 'it is not an ARN (expected six colon-separated fields starting with "arn:")');
  }
  const [, partition = '', service = '', region = '', accountId = ''] = parts;
  const resource = parts.slice(5).join(':');
  if (!(AWS_PARTITIONS as readonly string[]).includes(partition)) {
    throw invalidArn(text, `partition "${partition}" is not one of ${AWS_PARTITIONS.join(', ')}`);
  }
  if (service === '' || resource === '') throw invalidArn(text, 'the service or resource field is empty');
  if (!options.allowWildcards && hasWildcard(arn)) {
    throw invalidArn(text, 'wildcards (* and ?) are not supported: name exactly one principal');
  }

  return { partition, service, region, accountId, arn, ...classifyResource(service, resource) };
}

type ResourceFields = Pick<ParsedArn, 'resourceType' | 'resourcePath' | 'name' | 'sessionName' | 'kind' | 'ssoReserved'>;

function classifyResource(service: string, resource: string): ResourceFields {
  const segments = resource.split('/');
  const resourceType = segments[0] ?? '';
  const rest = segments.slice(1);
  const named = (kind: PrincipalKind): ResourceFields => {
    const name = rest.at(-1) ?? '';
    const path = rest.length > 1 ? `/${rest.slice(0, -1).join('/')}/` : '/';
    const ssoReserved = kind === 'role' && name.startsWith(SSO_ROLE_PREFIX);
    return { resourceType, resourcePath: path, name, sessionName: undefined, kind, ssoReserved };
  };

  if (service === 'iam' && resource === 'root') return { ...named('root'), name: '' };
  if (service === 'iam' && resourceType === 'user' && rest.length > 0) return named('user');
  if (service === 'iam' && resourceType === 'role' && rest.length > 0) return named('role');
  if (service === 'sts' && resourceType === 'federated-user' && rest.length > 0) return named('federated-user');
  if (service === 'sts' && resourceType === 'assumed-role' && rest.length >= 2) {
    const role = rest.slice(0, -1).join('/');
    const ssoReserved = role.startsWith(SSO_ROLE_PREFIX);
    return { resourceType, resourcePath: '/', name: role, sessionName: rest.at(-1), kind: 'assumed-role', ssoReserved };
  }
  return { ...named('other'), name: rest.at(-1) ?? resourceType };
}

/**
 * Converts a principal ARN to the form aws-auth must hold, as the authenticator canonicalises
 * the caller: an STS assumed-role session becomes its IAM role, and a role loses its path
 * (the caller's ARN never carries one). Users, federated users and root are kept as they are.
 */
export function awsAuthPrincipalArn(text: string): AwsAuthPrincipal {
  const parsed = parsePrincipalArn(text);
  switch (parsed.kind) {
    case 'role':
      return roleWithoutPath(parsed);
    case 'assumed-role': {
      const arn = iamRoleArn(parsed, parsed.name);
      const change = `${parsed.arn} is an STS session ARN; aws-auth needs the IAM role ARN ${arn}`;
      return { arn, key: 'mapRoles', changes: [change] };
    }
    default:
      return { arn: parsed.arn, key: 'mapUsers', changes: [] };
  }
}

function roleWithoutPath(parsed: ParsedArn): AwsAuthPrincipal {
  if (parsed.resourcePath === '/') return { arn: parsed.arn, key: 'mapRoles', changes: [] };
  const arn = iamRoleArn(parsed, parsed.name);
  const origin = parsed.ssoReserved ? 'IAM Identity Center role path' : 'role path';
  const change = `removed the ${origin} "${parsed.resourcePath}" from ${parsed.arn}: aws-auth never matches a role ARN with a path, so it needs ${arn}`;
  return { arn, key: 'mapRoles', changes: [change] };
}

/**
 * Returns the principal ARN an EKS access entry needs: IAM users and roles keep their path.
 * An STS session ARN does not contain its role's path, so pass `rolePath`, the `Path` that
 * `iam get-role` returns. Without it the call throws a UsageError (code `RolePathUnknown`).
 */
export function accessEntryPrincipalArn(text: string, rolePath?: string): string {
  const parsed = parsePrincipalArn(text);
  if (parsed.kind === 'user' || parsed.kind === 'role') return parsed.arn;
  if (parsed.kind === 'assumed-role') {
    if (rolePath === undefined) {
      throw new UsageError(
        'RolePathUnknown',
        `${parsed.arn} is an STS session ARN, which does not show the path of role ${parsed.name}.`,
        { hint: `Look the role up with: aws iam get-role --role-name ${parsed.name}` },
      );
    }
    return iamRoleArn(parsed, `${normalizePath(rolePath)}${parsed.name}`);
  }
  throw new UsageError(
    'InvalidArn',
    `${parsed.arn} is a ${parsed.kind} principal; access entries accept only IAM users and roles.`,
    { hint: ARN_HELP },
  );
}

/** Compares two ARNs the way the authenticator does: case-insensitively, whole string. */
export function sameArn(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function parsePrincipalArn(text: string): ParsedArn {
  const parsed = parseArn(text);
  if (parsed.kind === 'other') {
    throw invalidArn(text, 'it is not an IAM user, role, root, STS assumed-role or federated-user ARN');
  }
  if (!ACCOUNT_ID.test(parsed.accountId)) {
    throw invalidArn(text, `account "${parsed.accountId}" is not a 12-digit account ID`);
  }
  if (parsed.region !== '') throw invalidArn(text, `IAM and STS principal ARNs have an empty region field, not "${parsed.region}"`);
  if (!PRINCIPAL_PATH.test(parsed.resourcePath)) {
    throw invalidArn(text, 'the path contains characters outside printable ASCII (control characters, spaces or line breaks)');
  }
  const names = parsed.kind === 'root' ? [] : [parsed.name, ...(parsed.sessionName !== undefined ? [parsed.sessionName] : [])];
  for (const name of names) {
    if (!PRINCIPAL_NAME.test(name)) {
      throw invalidArn(text, `the name "${name}" is not 1 to 64 of the characters IAM allows in names (letters, digits and + = , . @ _ -)`);
    }
  }
  return parsed;
}

/** IAM user, role and STS session names: 1 to 64 characters of this set (IAM CreateRole and AssumeRole reference). */
const PRINCIPAL_NAME = /^[\w+=,.@-]{1,64}$/;
/** IAM paths: `/`, or printable ASCII between slashes (IAM API reference, the Path parameter). */
const PRINCIPAL_PATH = /^\/(?:[\x21-\x7E]*\/)?$/;

function iamRoleArn(parsed: ParsedArn, pathAndName: string): string {
  return `arn:${parsed.partition}:iam::${parsed.accountId}:role/${pathAndName}`;
}

function normalizePath(path: string): string {
  const inner = path.replace(/^\/+|\/+$/g, '');
  return inner === '' ? '' : `${inner}/`;
}

function invalidArn(text: string, reason: string): UsageError {
  return new UsageError('InvalidArn', `Invalid ARN ${quoteText(text)}: ${reason}.`, { hint: ARN_HELP });
}

/**
 * Quotes text the way JSON.stringify does, and also escapes the characters it leaves raw
 * (DEL, C1 controls, format characters, line and paragraph separators), so that a terminal
 * shows the value and never runs an escape sequence hidden in it.
 */
export function quoteText(text: string): string {
  return JSON.stringify(text).replace(/[\x7f-\x9f\p{Cf}\u2028\u2029]/gu, escapeUnits);
}

function escapeUnits(char: string): string {
  return Array.from({ length: char.length }, (_, i) => `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');
}
