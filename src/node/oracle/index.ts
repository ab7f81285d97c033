/**
 * The sdk-core oracle: real sdk-core replaying histories offline, answered by a responder that
 * plays lang. See replayer.ts for the API and the bridge's behaviour it accounts for.
 */
export {
  DEFAULT_TIMEOUT_MS,
  SdkCoreReplayer,
  replayWithSdkCore,
  type IWorkflowActivation,
  type IWorkflowActivationCompletion,
  type OracleRun,
  type ReplayOptions,
  type ReplayerOptions,
  type Responder,
} from './replayer.ts';
export { ORACLE_BUILD_ID } from './core-bridge.ts';
export { failureMessage, type Eviction, type OracleVerdict } from './verdict.ts';
