import { createEksToken } from '../aws/token.js';
import { resolveTokenCredentials } from '../aws/token-credentials.js';
import { type GlobalOptions, resolveSettings } from '../config/settings.js';
import { execCredentialApiVersion, formatExecCredential } from '../kube/exec-credential.js';
import type { TokenCommandOptions } from './token.js';

/** Destination of the ExecCredential: `process.stdout`, or a direct write to its file descriptor. */
export interface TextSink {
  write(text: string): unknown;
}

/** Prints one ExecCredential on stdout; nothing else goes there, because kubectl parses it. */
export async function runTokenCommand(options: GlobalOptions & TokenCommandOptions, stdout: TextSink): Promise<void> {
  // The token command never prompts; reading process.stdin.isTTY would create the stdin stream.
  const settings = resolveSettings(options, process.env, false);
  const apiVersion = execCredentialApiVersion(settings.env.KUBERNETES_EXEC_INFO);
  // The cache module loads node:crypto, which costs start-up time, so it is imported only when asked for.
  const cache = options.cache ? await import('../aws/token-cache.js') : undefined;
  const cachePath = cache
    ? cache.tokenCachePath(settings.stateDir, {
        clusterName: options.cluster,
        region: settings.region ?? '',
        profile: settings.profile,
        roleArn: options.roleArn,
        envAccessKeyId: settings.env.AWS_ACCESS_KEY_ID,
      })
    : undefined;

  const cached = cache && cachePath ? await cache.readCachedToken(cachePath) : undefined;
  if (cached) {
    stdout.write(formatExecCredential(apiVersion, cached.token, cached.expiresAt));
    return;
  }

  const { credentials, region } = await resolveTokenCredentials(settings, {
    ...(options.roleArn ? { roleArn: options.roleArn } : {}),
    ...(options.sessionName ? { sessionName: options.sessionName } : {}),
  });
  const result = await createEksToken({ clusterName: options.cluster, region, credentials });
  if (cache && cachePath) await cache.writeCachedToken(cachePath, result);
  stdout.write(formatExecCredential(apiVersion, result.token, result.expiresAt));
}
