// `npm run sandbox`: starts moto and the EKS emulator with a seeded lock-out, prints one JSON
// object on stdout (what a client needs) and serves until interrupted. Logs go to stderr.
import './quiet-sdk.js';
import { parseArgs } from 'node:util';
import { type ScenarioOptions, startSandbox } from './index.js';

const MODES = ['CONFIG_MAP', 'API_AND_CONFIG_MAP', 'API'] as const;

function readOptions(): ScenarioOptions {
  const { values } = parseArgs({
    options: {
      'cluster-name': { type: 'string' },
      region: { type: 'string' },
      'authentication-mode': { type: 'string' },
      'cross-account': { type: 'boolean' },
      'caller-type': { type: 'string' },
      'no-aws-auth': { type: 'boolean' },
      'iam-authorization': { type: 'boolean' },
    },
  });
  const mode = values['authentication-mode'];
  if (mode !== undefined && !MODES.includes(mode as (typeof MODES)[number])) {
    throw new Error(`invalid --authentication-mode ${mode}; use one of ${MODES.join(', ')}`);
  }
  const callerType = values['caller-type'];
  if (callerType !== undefined && callerType !== 'iam-user' && callerType !== 'assumed-role') {
    throw new Error(`invalid --caller-type ${callerType}; use iam-user or assumed-role`);
  }
  return {
    ...(values['cluster-name'] ? { clusterName: values['cluster-name'] } : {}),
    ...(values.region ? { region: values.region } : {}),
    ...(mode ? { authenticationMode: mode as ScenarioOptions['authenticationMode'] } : {}),
    ...(callerType ? { callerType: callerType as ScenarioOptions['callerType'] } : {}),
    crossAccount: values['cross-account'] === true,
    awsAuth: values['no-aws-auth'] ? 'absent' : 'node-role-only',
    iamAuthorization: values['iam-authorization'] === true,
  };
}

async function main(): Promise<void> {
  const options = readOptions();
  const sandbox = await startSandbox(options);
  process.stdout.write(
    `${JSON.stringify({
      env: sandbox.env,
      clusterName: sandbox.clusterName,
      region: sandbox.region,
      profile: sandbox.profile,
      callerArn: sandbox.callerArn,
      creatorRoleArn: sandbox.creatorRoleArn,
      nodeRoleArn: sandbox.nodeRoleArn,
      caFile: sandbox.caFile,
      kubeApiUrl: sandbox.kubeApiUrl,
      emulatorUrl: sandbox.emulator.awsUrl,
      motoUrl: sandbox.moto.url,
    })}\n`,
  );
  process.stderr.write(`sandbox ready: cluster ${sandbox.clusterName} at ${sandbox.kubeApiUrl}; stop with Ctrl+C\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`sandbox: ${signal} received, stopping\n`);
    sandbox.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`sandbox: stop failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`sandbox: ${(error as Error).message}\n`);
  process.exit(1);
});
