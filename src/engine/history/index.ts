/**
 * Histories in any form (proto3 JSON, legacy JSON, bare event arrays, binary, gzip of any of
 * these), normalised to protobufjs HistoryEvent messages, validated, linked, and grouped into the
 * workflow tasks sdk-core replays; and exported back to canonical proto3 JSON.
 */
export { loadHistory, loadHistoryAsync } from './load.ts';
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
export { groupWarnings } from './warning-groups.ts';
export type { WarningGroup } from './warning-groups.ts';
export { groupWorkflowTasks } from './workflow-tasks.ts';
export type {
  FoldReason,
  FoldedStart,
  SdkMetadata,
  WorkflowTask,
  WorkflowTaskGrouping,
} from './workflow-tasks.ts';
export { taskEventRanges } from './task-events.ts';
export type { TaskEventRange } from './task-events.ts';
export { linkEvents } from './links.ts';
export type { ChainKind, EventChain, EventLinks } from './links.ts';
export { summarize } from './summary.ts';
export type { HistorySummary, RunStatus } from './summary.ts';
export { exportHistoryBinary, exportHistoryJson } from './export.ts';
export type { JsonExport } from './export.ts';
export { formatTimestamp, outlineHistory } from './outline.ts';
export type { EventOutline, HistoryOutline, WorkflowTaskOutline } from './outline.ts';
