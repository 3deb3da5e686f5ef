import { InvalidArgumentError } from 'commander';
import { parseArn } from '../aws/arn.js';

/** Returns a commander argument parser for a whole number within bounds, with the unit in its error. */
export function integerIn(min: number, max: number, unit: string): (value: string) => number {
  return (value: string) => {
    if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`"${value}" is not a whole number of ${unit}.`);
    const number = Number(value);
    if (number < min || number > max) throw new InvalidArgumentError(`${number} is out of range: use ${min} to ${max} ${unit}.`);
    return number;
  };
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function accountId(value: string): string {
  if (!/^\d{12}$/.test(value.trim())) throw new InvalidArgumentError(`"${value}" is not a 12-digit AWS account ID.`);
  return value.trim();
}

/** Returns a parser that rejects an empty value, for flags where "" would silently mean something else. */
export function nonEmpty(flag: string): (value: string) => string {
  return (value: string) => {
    if (value.trim() === '') throw new InvalidArgumentError(`${flag} must not be empty.`);
    return value.trim();
  };
}

export function collectNonEmpty(flag: string): (value: string, previous?: string[]) => string[] {
  const check = nonEmpty(flag);
  return (value: string, previous: string[] = []) => [...previous, check(value)];
}

/** Checks an IAM principal ARN when the flags are read, so that no AWS call is made with a bad one. */
export function principalArn(value: string): string {
  try {
    const parsed = parseArn(value.trim());
    if (!/^\d{12}$/.test(parsed.accountId)) throw new Error(`account ${parsed.accountId} is not a 12-digit account ID`);
    if (!['user', 'role', 'assumed-role', 'federated-user'].includes(parsed.kind)) throw new Error('it names no IAM user or role');
  } catch (error) {
    throw new InvalidArgumentError(`"${value}" is not a usable principal ARN: ${(error as Error).message.replace(/\.$/, '')}.`);
  }
  return value.trim();
}

/** Checks an IAM role ARN with a 12-digit account. */
export function roleArn(value: string): string {
  const arn = principalArn(value);
  if (parseArn(arn).kind !== 'role') throw new InvalidArgumentError(`"${value}" is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME).`);
  return arn;
}

export function mfaCode(value: string): string {
  if (!/^\d{6}$/.test(value.trim())) throw new InvalidArgumentError(`"${value}" is not an MFA code: expected the 6 digits the device shows.`);
  return value.trim();
}

/** Returns a parser for a profile name that the SDK reads from a `[profile NAME]` header and the AWS CLI accepts. */
export function profileName(flag: string): (value: string) => string {
  return (value: string) => {
    if (!/^[\w\-@+.%:/]+$/.test(value)) {
      throw new InvalidArgumentError(`Invalid profile name "${value}" for ${flag}: use letters, digits and - _ . @ + % : / only.`);
    }
    return value;
  };
}
