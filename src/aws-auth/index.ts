// The aws-auth engine: pure functions from text and values to text and values, no I/O.
export type { AwsAuthData, AwsAuthReading, Finding, MapKey, MappingEntry } from './types.js';
export { MAP_KEYS } from './types.js';
export { readAwsAuth } from './read.js';
export { lintAwsAuth, findDuplicates } from './lint.js';
export { addMapping, defaultUsername, DEFAULT_GROUPS, type AddMappingRequest, type AddMappingResult } from './add.js';
export { removeMapping, type RemoveMappingResult } from './remove.js';
export { fileLine, parseConfigMapDocument, renderConfigMapDocument, type ConfigMapDocument } from './configmap-document.js';
