import { InvalidArgumentError } from 'commander';

/** A commander argument parser for a whole number within bounds, with the unit in the error. */
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
