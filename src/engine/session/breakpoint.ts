/** Where a run stops: a leaf module, so the page can compare breakpoints without the engine. */

export type Breakpoint =
  | { kind: 'event'; eventId: number }
  | { kind: 'event-type'; eventType: string }
  | { kind: 'command-type'; commandType: string }
  | { kind: 'workflow-task'; wftStartedEventId: number };

/**
 * A breakpoint's identity as a string: equal for the same breakpoint whatever the order of its
 * fields (one restored from storage or a link may list them in another order than one just made).
 */
export function breakpointKey(breakpoint: Breakpoint): string {
  switch (breakpoint.kind) {
    case 'event':
      return `event:${breakpoint.eventId}`;
    case 'event-type':
      return `event-type:${breakpoint.eventType}`;
    case 'command-type':
      return `command-type:${breakpoint.commandType}`;
    case 'workflow-task':
      return `workflow-task:${breakpoint.wftStartedEventId}`;
  }
}
