import { type IniSection, parseAwsConfig } from './parse.js';

/** Checks whether a config-file section is the profile `name` for the SDK: `[default]` or `[profile name]`. */
export function isConfigProfileSection(section: IniSection, name: string): boolean {
  if (section.kind === 'default') return name === 'default';
  return section.kind === 'profile' && section.name === name;
}

/** Checks whether a credentials-file section is the profile `name`: any header that is exactly the name. */
export function isCredentialsProfileSection(section: IniSection, name: string): boolean {
  return (section.kind === 'default' || section.kind === 'bare') && section.name === name;
}

/**
 * Returns the values of one profile merged as the SDK merges them: every matching section of the
 * config file in order, then every matching section of the credentials file, later keys winning.
 * Returns undefined when neither file defines the profile.
 */
export function profileValues(
  configText: string | undefined,
  credentialsText: string | undefined,
  profile: string,
): Record<string, string> | undefined {
  const sections = [
    ...sectionsOf(configText, 'config').filter((section) => isConfigProfileSection(section, profile)),
    ...sectionsOf(credentialsText, 'credentials').filter((section) => isCredentialsProfileSection(section, profile)),
  ];
  if (sections.length === 0) return undefined;
  return Object.assign({}, ...sections.map((section) => section.values)) as Record<string, string>;
}

/** Returns the values of `[sso-session name]` in the config file, or undefined when it is missing. */
export function ssoSessionValues(configText: string | undefined, name: string): Record<string, string> | undefined {
  const sections = sectionsOf(configText, 'config').filter(
    (section) => section.kind === 'sso-session' && section.name === name,
  );
  if (sections.length === 0) return undefined;
  return Object.assign({}, ...sections.map((section) => section.values)) as Record<string, string>;
}

/**
 * Lists the profile names both files define, each once, config file first. A credentials-file
 * header with whitespace (such as `[profile bob]`) names no profile the SDK can load.
 */
export function listProfiles(configText: string | undefined, credentialsText: string | undefined): string[] {
  const names = new Set<string>();
  for (const section of sectionsOf(configText, 'config')) {
    if (section.kind === 'default' || section.kind === 'profile') names.add(section.name);
  }
  for (const section of sectionsOf(credentialsText, 'credentials')) {
    if (isCredentialsProfileSection(section, section.name) && !/\s/.test(section.name)) names.add(section.name);
  }
  return [...names];
}

function sectionsOf(text: string | undefined, kind: 'config' | 'credentials'): IniSection[] {
  return text === undefined ? [] : parseAwsConfig(text, kind).sections;
}
