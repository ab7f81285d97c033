/**
 * Task priority and fairness (`temporal.api.common.v1.Priority`), for activities and child
 * workflows, and as `workflowInfo().priority` reports the run's own.
 */
import type { temporal } from './runtime/proto.ts';

export interface Priority {
  /** 1 is the highest priority; lower numbers first. Unset: the server's default (3 of 5). */
  priorityKey?: number;
  /** Tasks are shared fairly between keys (e.g. tenants) within one priority. */
  fairnessKey?: string;
  /** Weight of `fairnessKey` in that sharing. Default 1. */
  fairnessWeight?: number;
}

export function encodePriority(
  priority: Priority | undefined,
): temporal.api.common.v1.IPriority | undefined {
  if (!priority) return undefined;
  const { priorityKey, fairnessKey, fairnessWeight } = priority;
  if (priorityKey !== undefined && !(Number.isInteger(priorityKey) && priorityKey >= 1))
    throw new TypeError(`Priority.priorityKey must be a positive integer, got ${priorityKey}`);
  return { priorityKey, fairnessKey, fairnessWeight };
}

/** The run's priority; unset fields (0 or empty on the wire) are undefined. */
export function decodePriority(
  priority: temporal.api.common.v1.IPriority | null | undefined,
): Priority {
  return {
    priorityKey: priority?.priorityKey || undefined,
    fairnessKey: priority?.fairnessKey || undefined,
    fairnessWeight: priority?.fairnessWeight || undefined,
  };
}
