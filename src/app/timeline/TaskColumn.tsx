/**
 * One workflow task in the timeline: its events, the jobs of each activation, the calls per
 * routine lane, the commands produced and the command events history recorded, matched row by row.
 * Every item carries `data-pick` attributes; the timeline handles clicks for all columns at once.
 */
import { memo } from 'react';
import { EVENT_CATEGORIES } from '../../engine/inspect/categories.ts';
import { siteText } from '../../engine/host/sources.ts';
import type { CommandView, EventIndex, StepView, TaskView } from '../../engine/remote/protocol.ts';
import type { Selection } from '../state/persist.ts';
import { sinceStart } from '../common/format.ts';
import {
  CHIPS_PER_ROW_GROUP,
  EVENT_ROWS,
  EVENT_SQUARE,
  type Row,
  type TimelineModel,
} from './model.ts';

export interface ColumnProps {
  task: TaskView;
  index: EventIndex;
  steps: readonly StepView[];
  rows: Row[];
  width: number;
  left: number;
  model: TimelineModel;
  selection: Selection | undefined;
  lastEventApplied: number;
  /** Cursor call index when the cursor's activation is in this task. */
  cursor: { step: number; call?: number };
  /** A live run: no breakpoints; activations still running are marked. */
  live: boolean;
  divergentEventId?: number;
}

const isSelected = (sel: Selection | undefined, kind: Selection['kind'], a: number, b?: number) => {
  if (!sel || sel.kind !== kind) return false;
  switch (sel.kind) {
    case 'event':
      return sel.eventId === a;
    case 'task':
      return sel.task === a;
    case 'step':
      return sel.step === a;
    case 'call':
      return sel.step === a && sel.seq === b;
    case 'command':
      return sel.step === a && sel.position === b;
  }
};

function EventsRow({ props, row }: { props: ColumnProps; row: Row }) {
  const { task, index, width, model, selection, lastEventApplied, divergentEventId } = props;
  if (task.eventsUnknown)
    return (
      <div
        className="row events unknown"
        style={{ top: row.top, height: row.height }}
        title={`The page does not hold this run's history: events ${task.firstEventId}–${task.lastEventId} led to this workflow task`}
      >
        events {task.firstEventId}–{task.lastEventId}
      </div>
    );
  const perRow = Math.max(1, Math.floor((width - 8) / (EVENT_SQUARE + 2)));
  const capacity = perRow * EVENT_ROWS;
  const count = task.lastEventId - task.firstEventId + 1;
  const shown = count > capacity ? capacity - 1 : count;
  const squares = [];
  for (let k = 0; k < shown; k++) {
    const id = task.firstEventId + k;
    const i = id - 1;
    const type = index.types[index.typeOf[i]!]!;
    const bp = model.breakpoints.events.has(id) || model.breakpoints.eventTypes.has(type);
    squares.push(
      <span
        key={id}
        className={`ev cat-${EVENT_CATEGORIES[index.categoryOf[i]!]}${id > lastEventApplied ? ' pending' : ''}${isSelected(selection, 'event', id) ? ' selected' : ''}${bp ? ' bp' : ''}${id === divergentEventId ? ' divergent' : ''}`}
        data-pick="event"
        data-event={id}
        title={`${id} ${type}${index.summary[i] ? ` · ${index.summary[i]}` : ''}`}
      />,
    );
  }
  return (
    <div className="row events" style={{ top: row.top, height: row.height }}>
      {squares}
      {count > shown && <span className="more">+{count - shown}</span>}
    </div>
  );
}

function Chips<T>({
  row,
  items,
  render,
}: {
  row: Row;
  items: T[];
  render: (item: T, i: number) => React.ReactNode;
}) {
  const max = row.kind === 'jobs' ? 3 : CHIPS_PER_ROW_GROUP;
  const shown = items.length > max ? items.slice(0, max - 1) : items;
  return (
    <div className={`row chips ${row.kind}`} style={{ top: row.top, height: row.height }}>
      {shown.map(render)}
      {items.length > shown.length && (
        <span className="more">+{items.length - shown.length} more</span>
      )}
    </div>
  );
}

const RUN_BY: Record<string, string> = {
  page: 'run in this page',
  bridge: 'run by the bridge',
};

/** How far a live activation got, and who answered it, in words. */
function liveState(step: StepView): { state: string; text: string } | undefined {
  const live = step.live;
  if (!live) return undefined;
  if (!live.answeredBy) return { state: 'running', text: `${RUN_BY[live.ranBy]}, running` };
  if (live.answeredBy === 'failed-by-bridge')
    return { state: 'failed', text: `failed by the bridge: ${live.reason ?? ''}` };
  return { state: step.failure ? 'failed' : 'done', text: RUN_BY[live.answeredBy] ?? '' };
}

const STATUS_TEXT: Record<string, string> = {
  match: 'matches history',
  mismatch: 'does not match history',
  missing: 'history recorded it; the code did not produce it',
  extra: 'history has no such command',
  pending: 'not replayed yet',
  new: 'new: the task is still running when the history ends',
  'not-checked': 'taken as recorded: no check applies to it (see Determinism)',
};

function commandTitle(c: CommandView): string {
  return `${c.kind}${c.detail ? ` ${c.detail}` : ''} · ${c.origin === 'history' ? 'from history' : `pushed by the ${c.origin}`}${c.status ? ` · ${STATUS_TEXT[c.status]}` : ''}${c.eventId ? ` (event ${c.eventId})` : ''}${c.site ? ` · ${siteText(c.site)}` : ''}`;
}

function ColumnBody(props: ColumnProps) {
  const { task, index, steps, rows, width, left, model, selection, cursor, live } = props;
  const compact = width < 64;
  // Too narrow for the time since the start beside the event id: it goes in the tooltip.
  const narrow = width < 120;
  const current = model.cursorTask === task.index;
  const replayed = steps.length > 0;
  const divergent = model.divergenceTask === task.index;
  const failed = model.failureTask === task.index;
  const hazards = [
    ...(model.hazardsByTask.get(task.index) ?? []).map((h) => h.message),
    ...(model.guestHazardsByTask[task.index] ?? []),
  ];
  const taskBp =
    task.startedEventId !== undefined && model.breakpoints.tasks.has(task.startedEventId);
  const commands = steps.flatMap((s) =>
    s.commands.map((c, position) => ({ c, step: s.index, position })),
  );
  const serverRows = new Map<number, string>();
  for (const { c } of commands)
    if (c.row !== undefined && c.status) serverRows.set(c.row, c.status);
  // A recorded event no command matched is missing, unless replay took it as recorded because
  // no check applies (another SDK's marker, a timer id that is not a number).
  const recordedStatus = (k: number, id: number) =>
    serverRows.get(k) ??
    (model.notChecked.has(id) ? 'not-checked' : replayed ? 'missing' : 'pending');
  const startedMs =
    task.startedAtMs ?? (task.startedEventId ? index.timeMs[task.startedEventId - 1]! : Number.NaN);

  return (
    <div
      className={`column${current ? ' current' : ''}${replayed ? ' replayed' : ''}${divergent || failed ? ' divergent' : ''}${isSelected(selection, 'task', task.index) ? ' selected' : ''}${compact ? ' compact' : ''}`}
      style={{ left, width }}
      data-task-column={task.index}
    >
      {rows.map((row) => {
        switch (row.kind) {
          case 'header':
            return (
              <div
                key={row.key}
                className="row header"
                style={{ top: row.top, height: row.height }}
                data-pick="task"
                data-task={task.index}
                title={`Workflow task ${task.index + 1}: events ${task.firstEventId}–${task.lastEventId}${task.startedEventId ? `, started at event ${task.startedEventId} (${sinceStart(startedMs, model.startMs)})` : ''}${task.sdk ? `, completed by ${task.sdk}` : ''}${task.folded.length ? `, ${task.folded.length} folded attempt(s)` : ''}${task.replayEvents ? `\nReplay applies events ${task.replayEvents.from}–${task.replayEvents.to} with its activation: sdk-core applies a task's completion and commands with the next activation.` : ''}`}
              >
                {!live && (
                  <span
                    className={`bp-dot${taskBp ? ' on' : ''}`}
                    data-pick="task-bp"
                    data-task={task.index}
                    title={
                      taskBp
                        ? 'Remove the breakpoint on this task'
                        : 'Break when this task is replayed'
                    }
                  />
                )}
                <span className="task-title">
                  {compact ? task.index + 1 : `WFT ${task.index + 1}`}
                </span>
                {(divergent || failed) && (
                  <span
                    className="marker bad"
                    title={divergent ? 'Nondeterminism' : 'Workflow task failed'}
                  >
                    ✕
                  </span>
                )}
                {hazards.length > 0 && (
                  <span className="marker hazard" title={hazards.join('\n')}>
                    ⚠
                  </span>
                )}
                {!compact && (
                  <span className="task-sub">
                    {task.startedEventId ? `#${task.startedEventId}` : 'no start'}
                    {!narrow && ` ${sinceStart(startedMs, model.startMs)}`}
                  </span>
                )}
              </div>
            );
          case 'events':
            return <EventsRow key={row.key} props={props} row={row} />;
          case 'jobs':
            return (
              <Chips
                key={row.key}
                row={row}
                items={steps.flatMap((s) =>
                  s.jobs.map((j) => ({ j, step: s.index, state: liveState(s) })),
                )}
                render={({ j, step, state }, i) => (
                  <span
                    key={i}
                    className={`chip job${isSelected(selection, 'step', step) ? ' selected' : ''}${step > cursor.step ? ' pending' : ''}${state ? ` ${state.state}` : ''}`}
                    data-pick="step"
                    data-step={step}
                    data-state={state?.state}
                    title={`Activation ${step + 1}: ${j.kind} ${j.detail}${state ? ` · ${state.text}` : ''}`}
                  >
                    {compact ? '' : `${j.kind}${j.detail ? ` ${j.detail}` : ''}`}
                  </span>
                )}
              />
            );
          case 'lane': {
            const marks = steps.flatMap((s) =>
              s.calls.flatMap((call, k) =>
                (row.lane === 'host' ? !call.lane : call.lane === row.lane)
                  ? [{ call, step: s.index, k }]
                  : [],
              ),
            );
            return (
              <div key={row.key} className="row lane" style={{ top: row.top, height: row.height }}>
                {marks.map(({ call, step, k }) => {
                  const pending =
                    step === cursor.step && cursor.call !== undefined && k > cursor.call;
                  const atCursor = step === cursor.step && cursor.call === k;
                  const kind =
                    call.type === 'poll' ? (call.madeProgress ? 'progress' : 'idle') : call.type;
                  const hazards = call.hazards ?? [];
                  return (
                    <span
                      key={call.seq}
                      className={`mark ${kind}${call.error ? ' error' : ''}${call.outcome.startsWith('terminal') ? ' terminal' : ''}${pending ? ' pending' : ''}${atCursor ? ' at-cursor' : ''}${isSelected(selection, 'call', step, call.seq) ? ' selected' : ''}${hazards.length ? ' hazard' : ''}`}
                      data-pick="call"
                      data-step={step}
                      data-seq={call.seq}
                      data-pushed={call.pushed || undefined}
                      data-hazards={hazards.length || undefined}
                      title={`${call.type === 'poll' ? `poll ${call.laneLabel} · pass ${call.pass}` : call.type} → ${call.error ?? call.outcome}${call.type === 'poll' ? (call.madeProgress ? ' · made progress' : ' · no progress') : ''}${call.pushed ? ` · pushed ${call.pushed}` : ''} · ${call.durationMs.toFixed(1)} ms${hazards.map((h) => `\n⚠ ${h.sentence}`).join('')}`}
                    />
                  );
                })}
              </div>
            );
          }
          case 'commands':
            return (
              <Chips
                key={row.key}
                row={row}
                items={commands}
                render={({ c, step, position }) => (
                  <span
                    key={`${step}:${position}`}
                    className={`chip command status-${c.status ?? 'none'}${isSelected(selection, 'command', step, position) ? ' selected' : ''}${c.serverKind && model.breakpoints.commandTypes.has(c.serverKind) ? ' bp' : ''}${selection?.kind === 'call' && selection.step === step && c.call === selection.seq ? ' pushed-by-selected' : ''}`}
                    data-pick="command"
                    data-step={step}
                    data-position={position}
                    title={commandTitle(c)}
                  >
                    {compact ? '' : `${c.kind}${c.detail ? ` ${c.detail}` : ''}`}
                  </span>
                )}
              />
            );
          case 'recorded':
            return (
              <Chips
                key={row.key}
                row={row}
                items={task.commandEventIds}
                render={(id, k) => (
                  <span
                    key={id}
                    className={`chip recorded status-${recordedStatus(k, id)}${isSelected(selection, 'event', id) ? ' selected' : ''}`}
                    data-pick="event"
                    data-event={id}
                    title={`Event ${id} ${index.types[index.typeOf[id - 1]!]} · ${index.summary[id - 1]} · ${STATUS_TEXT[recordedStatus(k, id)]}`}
                  >
                    {compact ? '' : `${id} ${index.types[index.typeOf[id - 1]!]}`}
                  </span>
                )}
              />
            );
        }
      })}
    </div>
  );
}

export const TaskColumn = memo(ColumnBody);
