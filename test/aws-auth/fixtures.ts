import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseConfigMapDocument } from '../../src/aws-auth/index.js';

export const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/aws-auth/', import.meta.url));

export function fixtureText(name: string): string {
  return readFileSync(`${FIXTURE_DIR}${name}`, 'utf8');
}

/** The `data` of a ConfigMap fixture. */
export function fixtureData(name: string): Record<string, string> {
  return parseConfigMapDocument(fixtureText(name)).data;
}

/** The `mapRoles` values of one entry written in several styles. */
export function mapRolesVariants(): Record<string, string> {
  return JSON.parse(fixtureText('map-roles-variants.json')) as Record<string, string>;
}

/** Every ConfigMap fixture (YAML or JSON files). */
export function configMapFixtures(): string[] {
  return readdirSync(FIXTURE_DIR).filter((name) => /\.(ya?ml|json)$/.test(name) && name !== 'map-roles-variants.json');
}
