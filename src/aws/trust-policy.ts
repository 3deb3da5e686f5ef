/** The verdict of a role's trust policy on one caller, as far as it can be read without IAM's evaluator. */
export type TrustVerdict =
  | { readonly verdict: 'trusted'; readonly statement: number }
  | { readonly verdict: 'unknown'; readonly reason: string }
  | { readonly verdict: 'not-trusted'; readonly trustedPrincipals: string[] };

interface Statement {
  Effect?: string;
  Action?: string | string[];
  NotAction?: unknown;
  Principal?: string | Record<string, string | string[]>;
  NotPrincipal?: unknown;
  Condition?: unknown;
}

export interface TrustCaller {
  /** The caller's ARN; for an assumed role, the role ARN as IAM names it (with its path). */
  readonly principalArns: readonly string[];
  readonly accountId: string;
  readonly partition: string;
}

/**
 * Reads a trust policy (JSON text, URL-encoded or not, as GetRole returns it). An Allow of
 * sts:AssumeRole whose AWS principal is the caller, its account root or id, or `*` trusts the
 * caller. Conditions, Deny and NotPrincipal make the answer unknown, because only IAM can
 * evaluate them.
 */
export function evaluateTrustPolicy(document: string, caller: TrustCaller): TrustVerdict {
  let policy: { Statement?: Statement | Statement[] };
  try {
    policy = JSON.parse(document.trim().startsWith('%') ? decodeURIComponent(document) : document) as typeof policy;
  } catch {
    try {
      policy = JSON.parse(decodeURIComponent(document)) as typeof policy;
    } catch {
      return { verdict: 'unknown', reason: 'the trust policy is not valid JSON' };
    }
  }
  let statements: Statement[] = [];
  if (Array.isArray(policy.Statement)) statements = policy.Statement;
  else if (policy.Statement) statements = [policy.Statement];
  const accountRoot = `arn:${caller.partition}:iam::${caller.accountId}:root`.toLowerCase();
  const own = new Set([...caller.principalArns.map((arn) => arn.toLowerCase()), accountRoot, caller.accountId, '*']);
  const trusted: string[] = [];
  let unknownReason: string | undefined;

  for (const [index, statement] of statements.entries()) {
    if (!allowsAssumeRole(statement)) continue;
    if (statement.NotPrincipal !== undefined) {
      unknownReason = `statement ${index + 1} uses NotPrincipal`;
      continue;
    }
    if (statement.Effect === 'Deny') {
      unknownReason = `statement ${index + 1} denies some principals`;
      continue;
    }
    const principals = awsPrincipals(statement.Principal);
    trusted.push(...principals, ...servicePrincipals(statement.Principal));
    if (!principals.some((principal) => own.has(principal.toLowerCase()))) continue;
    if (statement.Condition !== undefined) {
      unknownReason = `statement ${index + 1} trusts you only under conditions`;
      continue;
    }
    return { verdict: 'trusted', statement: index + 1 };
  }
  if (unknownReason) return { verdict: 'unknown', reason: unknownReason };
  return { verdict: 'not-trusted', trustedPrincipals: [...new Set(trusted)] };
}

function allowsAssumeRole(statement: Statement): boolean {
  if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny') return false;
  if (statement.NotAction !== undefined) return true;
  const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action ?? ''];
  return actions.some((action) => ['sts:assumerole', 'sts:*', '*'].includes(action.toLowerCase()));
}

function awsPrincipals(principal: Statement['Principal']): string[] {
  if (principal === '*') return ['*'];
  if (principal === undefined || typeof principal === 'string') return [];
  const aws = principal.AWS;
  return aws === undefined ? [] : Array.isArray(aws) ? aws : [aws];
}

function servicePrincipals(principal: Statement['Principal']): string[] {
  if (principal === undefined || typeof principal === 'string') return [];
  return Object.entries(principal)
    .filter(([type]) => type !== 'AWS')
    .flatMap(([, value]) => (Array.isArray(value) ? value : [value]));
}
