import type { Command } from 'commander';

/**
 * Each command module registers its name, options and help here. Registration must stay
 * cheap: heavy modules (AWS SDK clients, the Kubernetes client) are imported inside actions.
 */
export type RegisterCommand = (program: Command) => void;

export const COMMANDS: readonly RegisterCommand[] = [];
