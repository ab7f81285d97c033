/**
 * Histories in any form (proto3 JSON, legacy JSON, bare event arrays, binary, gzip of any of
 * these), normalised to protobufjs HistoryEvent messages, validated, and grouped into the workflow
 * tasks sdk-core replays.
 */
export { loadHistory, loadHistoryAsync, gunzip } from './load.ts';
export type { HistoryFormat, HistoryInput, LoadedHistory, LoadOptions } from './load.ts';
export { HistoryError, describeLocation } from './errors.ts';
export type {
  HistoryErrorCode,
  HistoryLocation,
  HistoryWarning,
  HistoryWarningCode,
} from './errors.ts';
export {
  EventType,
  attributesFieldOf,
  attributesOf,
  eventIdOf,
  eventTypeName,
  isCommandEvent,
  isFinalExecutionEvent,
} from './events.ts';
export type { EventTypeValue, HistoryEvent } from './events.ts';
export { groupWorkflowTasks } from './workflow-tasks.ts';
export type {
  FoldReason,
  FoldedStart,
  SdkMetadata,
  WorkflowTask,
  WorkflowTaskGrouping,
} from './workflow-tasks.ts';
