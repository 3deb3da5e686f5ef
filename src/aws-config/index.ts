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
export {
  CREDENTIAL_SOURCES,
  type ChainEnd,
  type CredentialSource,
  type ProfileFiles,
  type SourceChain,
  type SourceSetting,
  checkSourceChain,
  roleSource,
} from './chain.js';
export { detectSourceSetting } from './credential-origin.js';
