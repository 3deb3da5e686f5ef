// `npm run demo`: starts the sandbox with the StackSet lock-out and runs the eks-recover
// wizard against it in this terminal, so a recovery can be watched without an AWS account.
// Without a terminal the wizard runs with --yes. Extra arguments go to the wizard.
import './quiet-sdk.js';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_ENTRY, guardPreloadEnv } from '../support/environment.js';
import { callerNamespaceStatus } from '../recover/helpers.js';
import { startSandbox } from './index.js';

async function main(): Promise<number> {
  if (!existsSync(CLI_ENTRY)) {
    process.stderr.write(`The CLI is not built (${CLI_ENTRY} is missing): run 'npm run build' first.\n`);
    return 1;
  }
  process.stderr.write('Starting the sandbox: moto for IAM and STS, the EKS emulator for EKS and Kubernetes...\n');
  const sandbox = await startSandbox();
  try {
    const before = await callerNamespaceStatus(sandbox);
    process.stderr.write(
      [
        '',
        `Cluster "${sandbox.clusterName}" was created by ${sandbox.creatorRoleArn},`,
        `and aws-auth maps only the node role. ${sandbox.callerArn} gets HTTP ${before} from its API server.`,
        `Running: eks-recover --profile ${sandbox.profile}`,
        '',
      ].join('\n'),
    );
    const interactive = process.stdin.isTTY === true;
    const args = ['--profile', sandbox.profile, ...(interactive ? [] : ['--cluster', sandbox.clusterName, '--yes']), ...process.argv.slice(2)];
    const code = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, [CLI_ENTRY, ...args], {
        stdio: 'inherit',
        env: { ...process.env, ...sandbox.env, ...guardPreloadEnv(), EKS_RECOVER_STATE_DIR: join(sandbox.dir, 'state') },
      });
      child.on('close', (exitCode) => resolve(exitCode ?? 1));
    });
    const after = await callerNamespaceStatus(sandbox);
    process.stderr.write(`\nThe wizard exited with ${code}; ${sandbox.callerArn} now gets HTTP ${after} from the API server.\n`);
    return code;
  } finally {
    await sandbox.stop();
  }
}

process.exitCode = await main();
