import type { Command } from 'commander';
import { register as registerAwsAuth } from './aws-auth.js';
import { register as registerDiagnose } from './diagnose.js';
import { register as registerKubeconfig } from './kubeconfig.js';
import { register as registerCleanup } from './cleanup.js';
import { register as registerRecover } from './recover.js';
import { register as registerRepair } from './repair.js';
import { register as registerRestore } from './restore.js';
import { register as registerToken } from './token.js';

/**
 * Each command module registers its name, options and help here. Registration must stay
 * cheap: heavy modules (AWS SDK clients, the Kubernetes client) are imported inside actions.
 */
export type RegisterCommand = (program: Command) => void;

export const COMMANDS: readonly RegisterCommand[] = [registerRecover, registerCleanup, registerRestore, registerRepair, registerToken, registerKubeconfig, registerAwsAuth, registerDiagnose];
