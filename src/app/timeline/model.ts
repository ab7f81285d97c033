/**
 * The timeline's geometry and the per-render lookups it needs: one column per workflow task, a
 * fixed set of rows (events consumed, jobs, one lane per routine, commands pushed, history events
 * recorded), and indexes from tasks to their activations, hazards and breakpoints.
 */
import { useMemo } from 'react';
import { guestHazardSummary } from '../../engine/inspect/guest-hazards.ts';
import type { Breakpoint, Hazard, StepView } from '../../engine/remote/protocol.ts';
import type { HistoryState, RunState } from '../state/store.ts';

export const COLUMN_WIDTH = 136;
export const LABEL_WIDTH = 128;
export const EVENT_SQUARE = 9;
export const EVENT_ROWS = 3;
export const CHIP_HEIGHT = 17;

export interface Row {
  key: string;
  label: string;
  title: string;
  top: number;
  height: number;
  kind: 'header' | 'events' | 'jobs' | 'lane' | 'commands' | 'recorded';
  /** For lane rows: the lane key (`host`, `main`, `signal:<name>`, `update:<name>:<id>`). */
  lane?: string;
}

export interface Lane {
  key: string;
  label: string;
}

const CHIP_ROWS = 4;

/** The rows for these lanes; without `recorded` (a live run: no history in the page). */
export function rowsFor(lanes: readonly Lane[], recorded = true): { rows: Row[]; height: number } {
  const rows: Row[] = [];
  let top = 0;
  const add = (row: Omit<Row, 'top'>) => {
    rows.push({ ...row, top });
    top += row.height;
  };
  add({
    key: 'header',
    label: 'Workflow task',
    title: 'Workflow tasks, as sdk-core cuts the history',
    height: 38,
    kind: 'header',
  });
  add({
    key: 'events',
    label: 'Events',
    title: 'History events the task consumes, coloured by category',
    height: EVENT_ROWS * (EVENT_SQUARE + 2) + 8,
    kind: 'events',
  });
  add({
    key: 'jobs',
    label: 'Jobs',
    title: 'Activation jobs delivered to the code',
    height: 3 * CHIP_HEIGHT + 8,
    kind: 'jobs',
  });
  for (const lane of lanes)
    add({
      key: `lane:${lane.key}`,
      label: lane.label,
      title:
        lane.key === 'host'
          ? 'instantiate-workflow and activate calls'
          : `Polls of the ${lane.label} routine: filled = made progress, hollow = none`,
      height: 22,
      kind: 'lane',
      lane: lane.key,
    });
  add({
    key: 'commands',
    label: 'Commands',
    title: 'Commands the code produced (history only: the recorded ones)',
    height: CHIP_ROWS * CHIP_HEIGHT + 8,
    kind: 'commands',
  });
  if (recorded)
    add({
      key: 'recorded',
      label: 'Recorded',
      title: 'Command events history recorded for this task, matched row by row',
      height: CHIP_ROWS * CHIP_HEIGHT + 8,
      kind: 'recorded',
    });
  return { rows, height: top };
}

export const CHIPS_PER_ROW_GROUP = CHIP_ROWS;

export interface TimelineModel extends Pick<StepsIndex, 'byTask' | 'lanes' | 'guestHazardsByTask'> {
  hazardsByTask: Map<number, Hazard[]>;
  /** Task index of the cursor's activation, -1 before the first. */
  cursorTask: number;
  divergenceTask: number;
  failureTask: number;
  /** Recorded events replay took without a check (other SDKs' markers, non-numeric timer ids). */
  notChecked: Set<number>;
  breakpoints: {
    events: Set<number>;
    eventTypes: Set<string>;
    commandTypes: Set<string>;
    tasks: Set<number>;
  };
  startMs: number;
}

function laneOrder(key: string): number {
  if (key === 'host') return 0;
  if (key === 'main') return 1;
  return key.startsWith('signal:') ? 2 : 3;
}

export function breakpointSets(breakpoints: Breakpoint[]): TimelineModel['breakpoints'] {
  const sets: TimelineModel['breakpoints'] = {
    events: new Set(),
    eventTypes: new Set(),
    commandTypes: new Set(),
    tasks: new Set(),
  };
  for (const bp of breakpoints) {
    if (bp.kind === 'event') sets.events.add(bp.eventId);
    else if (bp.kind === 'event-type') sets.eventTypes.add(bp.eventType);
    else if (bp.kind === 'command-type') sets.commandTypes.add(bp.commandType);
    else sets.tasks.add(bp.wftStartedEventId);
  }
  return sets;
}

const NO_STEPS: readonly StepView[] = [];

/** The session's activations grouped as the timeline draws them. */
export interface StepsIndex {
  readonly steps: readonly StepView[];
  /** Per task index: its activations, in order (undefined: none yet). */
  readonly byTask: ReadonlyArray<readonly StepView[] | undefined>;
  /** The routines' lanes, host first, then main, signals, updates. */
  readonly lanes: readonly Lane[];
  /** Per task index: what the guest reached for outside the ABI (WASI clock, random…). */
  readonly guestHazardsByTask: ReadonlyArray<readonly string[] | undefined>;
  /** Per lane key: its label and how many calls run in it (a lane goes when its last call does). */
  readonly laneUses: ReadonlyMap<string, { label: string; uses: number }>;
}

function laneOf(call: StepView['calls'][number]): [key: string, label: string] {
  return call.lane ? [call.lane, call.laneLabel ?? call.lane] : ['host', 'host'];
}

/**
 * Groups `steps` by task. With the index of an earlier version of the list, only what changed is
 * redone: the steps past the prefix the two share (a step back drops one or two activations of
 * ten thousand; a replay's progress adds some), and the tasks those belong to.
 */
export function indexSteps(steps: readonly StepView[], previous?: StepsIndex): StepsIndex {
  const before = previous?.steps ?? NO_STEPS;
  let shared = 0;
  const most = Math.min(before.length, steps.length);
  while (shared < most && before[shared] === steps[shared]) shared++;
  if (previous && shared === before.length && shared === steps.length) return previous;
  const fresh = !previous || shared === 0;
  const byTask = fresh ? [] : previous.byTask.slice();
  const hazards = fresh ? [] : previous.guestHazardsByTask.slice();
  const laneUses = new Map(fresh ? [] : [...previous.laneUses].map(([k, v]) => [k, { ...v }]));
  const touched = new Set<number>();
  const removed = new Set<StepView>();
  if (!fresh)
    for (let i = shared; i < before.length; i++) {
      const step = before[i]!;
      removed.add(step);
      touched.add(step.task);
      for (const call of step.calls) {
        const [key] = laneOf(call);
        if (--laneUses.get(key)!.uses === 0) laneUses.delete(key);
      }
    }
  for (const task of touched)
    if (task >= 0) byTask[task] = byTask[task]?.filter((step) => !removed.has(step));
  const added = new Map<number, StepView[]>();
  for (let i = fresh ? 0 : shared; i < steps.length; i++) {
    const step = steps[i]!;
    touched.add(step.task);
    let list = added.get(step.task);
    if (!list) added.set(step.task, (list = []));
    list.push(step);
    for (const call of step.calls) {
      const [key, label] = laneOf(call);
      const use = laneUses.get(key);
      if (use) use.uses++;
      else laneUses.set(key, { label, uses: 1 });
    }
  }
  for (const [task, list] of added) if (task >= 0) byTask[task] = (byTask[task] ?? []).concat(list);
  for (const task of touched) {
    if (task < 0) continue;
    const list = byTask[task];
    if (list?.length === 0) byTask[task] = undefined;
    const sentences = list ? guestHazardSummary(list) : [];
    hazards[task] = sentences.length > 0 ? sentences : undefined;
  }
  const sameLanes =
    !fresh &&
    laneUses.size === previous.laneUses.size &&
    [...laneUses.keys()].every((key) => previous.laneUses.has(key));
  const lanes = sameLanes
    ? previous.lanes
    : [...laneUses]
        .map(([key, { label }]) => ({ key, label }))
        .sort((a, b) => laneOrder(a.key) - laneOrder(b.key));
  return { steps, byTask, lanes, guestHazardsByTask: hazards, laneUses };
}

/**
 * The last grouping made: the next list is mostly the same steps (a step changes a few activations
 * at the end of thousands), so it is extended rather than redone. The result depends on `steps`
 * alone; this only makes it cheaper.
 */
let lastGrouping: StepsIndex | undefined;

function groupSteps(steps: readonly StepView[]): StepsIndex {
  return (lastGrouping = indexSteps(steps, lastGrouping));
}

export function useTimelineModel(
  view: HistoryState | undefined,
  session: RunState | undefined,
): TimelineModel {
  const steps = session?.steps;
  const stepsModel = useMemo(() => groupSteps(steps ?? NO_STEPS), [steps]);

  const hazardsByTask = useMemo(() => {
    const map = new Map<number, Hazard[]>();
    for (const h of view?.hazards ?? []) {
      const task = h.task ?? view!.index.taskOf[h.eventId - 1] ?? -1;
      let list = map.get(task);
      if (!list) map.set(task, (list = []));
      list.push(h);
    }
    return map;
  }, [view]);

  const breakpoints = useMemo(
    () => breakpointSets(session?.breakpoints ?? []),
    [session?.breakpoints],
  );
  const notChecked = useMemo(
    () => new Set(session?.notCheckedEventIds ?? []),
    [session?.notCheckedEventIds],
  );

  const cursorStep =
    session && session.cursor.step >= 0 ? session.steps[session.cursor.step] : undefined;
  const failure =
    session?.verdict.kind === 'task-failure'
      ? session.steps[session.verdict.activation]
      : undefined;
  const cursorTask = cursorStep?.task ?? -1;
  const divergedAt = session?.divergence?.wftStartedEventId;
  // Without a divergence worked out here (a live run), the verdict names the activation.
  const divergenceTask =
    divergedAt !== undefined
      ? (view?.tasks.findIndex((t) => t.startedEventId === divergedAt) ?? -1)
      : session?.verdict.kind === 'nondeterminism'
        ? (session.steps[session.verdict.activation]?.task ?? -1)
        : -1;
  const failureTask = failure?.task ?? -1;
  const startMs =
    (view?.index.count ? view.index.timeMs[0] : view?.tasks[0]?.startedAtMs) ?? Number.NaN;
  return useMemo(
    () => ({
      byTask: stepsModel.byTask,
      lanes: stepsModel.lanes,
      guestHazardsByTask: stepsModel.guestHazardsByTask,
      hazardsByTask,
      cursorTask,
      divergenceTask,
      failureTask,
      notChecked,
      breakpoints,
      startMs,
    }),
    [
      stepsModel,
      hazardsByTask,
      cursorTask,
      divergenceTask,
      failureTask,
      notChecked,
      breakpoints,
      startMs,
    ],
  );
}
