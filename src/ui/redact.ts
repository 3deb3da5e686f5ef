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

/**
 * Escapes control characters that text from outside (an ARN in aws-auth, a file line) could
 * use to drive the terminal: OSC titles, cursor moves, BEL. Line breaks, tabs and colour
 * sequences (SGR, which chalk writes) stay, because they cannot take over the terminal.
 */
export function escapeControlCharacters(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m|[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (match) =>
    match.length > 1 ? match : `\\x${match.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}
