import { UsageError } from '../errors.js';
import type { ProfileFiles, SourceSetting } from './chain.js';
import { profileValues } from './profiles.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Decides where the temporary profile takes its source credentials from when no profile was
 * named, in the order of the SDK's default chain: environment keys (`Environment`), the
 * `default` profile, container credentials (`EcsContainer`), then instance metadata
 * (`Ec2InstanceMetadata`) unless `AWS_EC2_METADATA_DISABLED=true`. A web identity token has no
 * `credential_source` value, so it is rejected with the fix.
 */
export function detectSourceSetting(env: Env, files: ProfileFiles): SourceSetting {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) return ['credential_source', 'Environment'];
  if (profileValues(files.configText, files.credentialsText, 'default')) return ['source_profile', 'default'];
  if (env.AWS_WEB_IDENTITY_TOKEN_FILE) {
    throw new UsageError('UnsupportedCredentialOrigin', 'Credentials from AWS_WEB_IDENTITY_TOKEN_FILE cannot be a role source.', {
      hint: 'Add a profile with role_arn and web_identity_token_file to the config file and pass it with --profile.',
    });
  }
  if (env.AWS_CONTAINER_CREDENTIALS_FULL_URI || env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) {
    return ['credential_source', 'EcsContainer'];
  }
  if (env.AWS_EC2_METADATA_DISABLED?.toLowerCase() !== 'true') return ['credential_source', 'Ec2InstanceMetadata'];
  throw new UsageError('NoCredentials', 'No AWS credentials were found.', {
    hint: 'Pass --profile NAME, set AWS_PROFILE, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.',
  });
}
