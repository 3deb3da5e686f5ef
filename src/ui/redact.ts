// Secrets that eks-recover handles: secret access keys, session tokens, EKS bearer tokens.
// Output goes through `redactSecrets` as a last line of defence; code should not print them at all.
const REPLACEMENTS: ReadonlyArray<readonly [RegExp, string | ((match: string) => string)]> = [
  [/k8s-aws-v1\.[A-Za-z0-9_-]+/g, 'k8s-aws-v1.<redacted>'],
  [/\b((?:AKIA|ASIA)[A-Z0-9]{4})[A-Z0-9]{12}\b/g, '$1…'],
  [
    /(aws_secret_access_key|aws_session_token|secretAccessKey|sessionToken|SecretAccessKey|SessionToken)(["']?\s*[:=]\s*["']?)[^\s"',}<]+/g,
    '$1$2<redacted>',
  ],
  [/(X-Amz-Security-Token=)[^&\s"']+/gi, '$1<redacted>'],
  [/(X-Amz-Signature=)[0-9a-f]+/gi, '$1<redacted>'],
];

export function redactSecrets(text: string): string {
  let result = text;
  for (const [pattern, replacement] of REPLACEMENTS) {
    result = typeof replacement === 'string' ? result.replace(pattern, replacement) : result.replace(pattern, replacement);
  }
  return result;
}
