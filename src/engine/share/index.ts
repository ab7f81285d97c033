/**
 * Sharing a session: links whose fragment holds the state and the history (or URLs of them),
 * single-file bundles for larger sessions, and the pure plan that reopens either. Everything
 * read here is untrusted: errors come back as data (`ShareResult`), never as a crash.
 */
export { createShareLink, createUrlLink, openShareFragment } from './link.ts';
export type { ShareLink, ShareSource, UrlLinkTarget } from './link.ts';
export { BUNDLE_EXTENSION, createBundle, isBundle, openBundle } from './bundle.ts';
export type { Bundle, BundleSource } from './bundle.ts';
export { fetchArtefact, fetchSharedHistory } from './fetch.ts';
export { checkStateAgainstHistory } from './open.ts';
export type { OpenedShare, SharedComponent, SharedHistory } from './open.ts';
export { planSession } from './plan.ts';
export type { ComponentSource, HistorySource, SessionAction } from './plan.ts';
export { failureFocus } from './focus.ts';
export { UNFILTERED, readShareState } from './state.ts';
export type {
  ComponentRef,
  HistoryRef,
  ReplayMode,
  ShareState,
  SharedFilter,
  SharedSelection,
} from './state.ts';
export type { ShareError, ShareErrorCode, ShareResult } from './errors.ts';
export type { HistoryForm } from './history-form.ts';
export * from './limits.ts';
