/**
 * Event categories, the way people filter a history: what kind of thing an event is about. Derived
 * from the event type name, so event types the schema adds later still land somewhere sensible.
 */
export const EVENT_CATEGORIES = [
  'workflow',
  'workflow-task',
  'activity',
  'timer',
  'signal',
  'update',
  'child-workflow',
  'external',
  'marker',
  'nexus',
  'other',
] as const;

export type EventCategory = (typeof EVENT_CATEGORIES)[number];

export const CATEGORY_LABELS: Record<EventCategory, string> = {
  workflow: 'Workflow',
  'workflow-task': 'Workflow task',
  activity: 'Activity',
  timer: 'Timer',
  signal: 'Signal',
  update: 'Update',
  'child-workflow': 'Child workflow',
  external: 'External cancel',
  marker: 'Marker',
  nexus: 'Nexus',
  other: 'Other',
};

const RULES: Array<[RegExp, EventCategory]> = [
  [/^WorkflowTask/, 'workflow-task'],
  [/^ActivityTask/, 'activity'],
  [/^Timer/, 'timer'],
  [/^WorkflowExecutionUpdate/, 'update'],
  [/Signal/, 'signal'],
  [/ChildWorkflow/, 'child-workflow'],
  [/^(RequestCancelExternal|ExternalWorkflowExecutionCancel)/, 'external'],
  [/^Marker/, 'marker'],
  [/^Nexus/, 'nexus'],
  [/^(WorkflowExecution|UpsertWorkflowSearchAttributes|WorkflowPropertiesModified)/, 'workflow'],
];

export function categoryOf(eventTypeName: string): EventCategory {
  for (const [pattern, category] of RULES) if (pattern.test(eventTypeName)) return category;
  return 'other';
}
