/** The recovery paths `--method` accepts; a module of its own so that `--help` loads no SDK code. */
export const METHODS = ['auto', 'access-entry', 'aws-auth'] as const;
export type Method = (typeof METHODS)[number];
