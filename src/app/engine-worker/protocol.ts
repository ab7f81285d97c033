/**
 * The one message protocol between the page and the engine worker. Every request carries an id;
 * the worker answers each with exactly one response of the same id.
 */
import type { Types } from '../../engine/wit/index.ts';
import type { CompletionView, TraceEntryView } from '../../engine/host/trace-view.ts';
import type { HostErrorCode } from '../../engine/host/errors.ts';

export interface ComponentSummary {
  label: string;
  byteLength: number;
  workflows: Types.WorkflowDefinition[];
  imports: string[];
  exports: string[];
  timings: { transpileMs: number; compileMs: number; instantiateMs: number };
}

export interface RunView {
  workflowType: string;
  args: unknown[];
  activation: Record<string, unknown>;
  completion: CompletionView;
  trace: TraceEntryView[];
  currentDetails: string;
  durationMs: number;
}

export type EngineRequest =
  | { type: 'load-component'; bytes: ArrayBuffer; label: string }
  | { type: 'run-first-activation'; workflowType: string; args: unknown[] };

export interface EngineResults {
  'load-component': ComponentSummary;
  'run-first-activation': RunView;
}

export interface EngineError {
  code: HostErrorCode | 'internal' | 'no-component';
  message: string;
}

export type EngineResponse =
  | { id: number; ok: true; result: EngineResults[keyof EngineResults] }
  | { id: number; ok: false; error: EngineError };

export type EngineMessage = EngineRequest & { id: number };
