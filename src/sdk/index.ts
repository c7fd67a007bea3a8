/**
 * Cove's embed SDK: the public API, listed one by one so that nothing becomes public by accident.
 */
export { embedProject } from './embed';
export type { EmbedProjectOptions } from './embed';
export { CoveSdkError } from './errors';
export type { CoveSdkErrorCode } from './errors';
export { VM } from './vm';
export type { VMPreview } from './vm';
export type { EmbedLoad, EmbedOptions, EmbedTheme, EmbedView } from '../shared/embed-options';
export type {
  SdkEventMap as VMEventMap,
  SdkEventName as VMEventName,
  SdkFsDiff as FsDiff,
  SdkProject as Project,
} from '../shared/sdk-protocol';
