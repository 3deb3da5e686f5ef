import { isDeepStrictEqual } from 'node:util';
import { parseDocument } from 'yaml';
import { isEksRecoverError, StepError } from '../errors.js';
import type { AwsAuthData } from './types.js';

/**
 * Parses a rendered ConfigMap again and throws a StepError unless it gives back exactly the
 * intended data, with every other field of the original unchanged. Callers write nothing when
 * this throws.
 */
export function checkRendered(original: string, rendered: string, intended: AwsAuthData, parse: (text: string) => { data: AwsAuthData }): void {
  let data: AwsAuthData;
  try {
    data = parse(rendered).data;
  } catch (error) {
    if (!isEksRecoverError(error)) throw error;
    throw renderFailed(`it does not parse (${error.message})`);
  }
  const changedKey = Object.keys({ ...intended, ...data }).find((key) => data[key] !== intended[key]);
  if (changedKey !== undefined) throw renderFailed(`data key "${changedKey}" does not read back as the intended value`);
  if (!isDeepStrictEqual(withoutData(original), withoutData(rendered))) throw renderFailed('a field outside data changed');
}

function withoutData(text: string): unknown {
  const value: unknown = parseDocument(text, { uniqueKeys: false }).toJS();
  if (value === null || typeof value !== 'object') return value;
  const { data: _data, ...rest } = value as Record<string, unknown>;
  return rest;
}

function renderFailed(reason: string): StepError {
  return new StepError('RenderMismatch', `Cannot produce the updated ConfigMap: the edited text is wrong because ${reason}. Nothing was written.`, {
    hint: 'This is a fault in eks-recover. Report it with the input file, and edit the ConfigMap by hand meanwhile.',
  });
}
