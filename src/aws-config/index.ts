export { type ConfigFileKind, type ConfigFinding, type IniSection, type ParsedConfig, parseAwsConfig } from './parse.js';
export {
  isConfigProfileSection,
  isCredentialsProfileSection,
  listProfiles,
  profileValues,
  ssoSessionValues,
} from './profiles.js';
export {
  type AddedSection,
  addProfileSection,
  chooseProfileName,
  findMarkedSections,
  removeAddedSection,
  removeMarkedSection,
} from './edit.js';
