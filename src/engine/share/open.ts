/**
 * From a decompressed payload to a shared session the app can open: the state checked field by
 * field, the history loaded (and the state's event ids checked against it), the carried component
 * checked against the hash the state names. Histories fetched from a URL go through the same
 * checks (`loadSharedHistory`), gzip included, under the same decompression limit.
 */
import { sha256Hex } from '../host/sha256.ts';
import {
  HistoryError,
  eventIdOf,
  eventTypeName,
  loadHistory,
  type LoadedHistory,
} from '../history/index.ts';
import { BoundedInflater } from './compression.ts';
import type { RawPayload } from './container.ts';
import { fail, settle, type ShareResult } from './errors.ts';
import { BUNDLE_MAX_DECOMPRESSED } from './limits.ts';
import { FieldProblem, checkFields, readShareState, type ShareState } from './state.ts';

export interface SharedHistory {
  /** The bytes as they travelled (binary protobuf or proto3 JSON). */
  bytes: Uint8Array;
  loaded: LoadedHistory;
  label: string;
}

export interface SharedComponent {
  bytes: Uint8Array;
  sha256: string;
  label: string;
}

/** A shared session, checked and ready to apply (see `planSession`). */
export interface OpenedShare {
  state: ShareState;
  /** The history the link or bundle carried; absent when the state refers to one by URL. */
  history?: SharedHistory;
  /** The component a bundle carried. */
  component?: SharedComponent;
}

export async function openPayload(raw: RawPayload, what: string): Promise<OpenedShare> {
  let json: unknown;
  try {
    json = JSON.parse(raw.state);
  } catch (thrown) {
    fail(
      'damaged',
      `${what} is damaged: its session state is not JSON (${(thrown as Error).message})`,
    );
  }
  const state = readShareState(json);
  const inline = state.history?.kind === 'inline';
  if (inline && !raw.history)
    fail('damaged', `${what} is damaged: its state says the history is inside, but it is not`);
  if (raw.history && !inline)
    fail('damaged', `${what} is damaged: it carries a history its state does not mention`);
  const opened: OpenedShare = { state };
  if (raw.history) {
    const label = (state.history?.kind === 'inline' && state.history.label) || 'shared history';
    const loaded = await loadSharedHistory(raw.history, label, `the history in ${what}`);
    checkAgainstHistory(state, loaded);
    opened.history = { bytes: raw.history, loaded, label };
  }
  if (raw.component) {
    const ref = state.component;
    if (ref?.kind !== 'sha256')
      fail('damaged', `${what} is damaged: it carries a component its state does not name by hash`);
    const sha256 = await sha256Hex(raw.component);
    if (sha256 !== ref.sha256) {
      fail(
        'damaged',
        `the component in ${what} is damaged: its SHA-256 is ${sha256}, the state expects ${ref.sha256}`,
      );
    }
    opened.component = { bytes: raw.component, sha256, label: ref.label ?? 'shared component' };
  }
  return opened;
}

const GZIP = [0x1f, 0x8b];

/**
 * Loads shared history bytes with the history layer. Gzip is inflated here, under the bundle
 * limit, rather than by `loadHistoryAsync`, which trusts its input's size.
 */
export async function loadSharedHistory(
  bytes: Uint8Array,
  label: string,
  what: string,
): Promise<LoadedHistory> {
  let plain = bytes;
  if (bytes[0] === GZIP[0] && bytes[1] === GZIP[1]) {
    plain = await new BoundedInflater(bytes, 'gzip', BUNDLE_MAX_DECOMPRESSED, what).readToEnd();
  }
  try {
    return loadHistory(plain, { name: label });
  } catch (thrown) {
    if (!(thrown instanceof HistoryError)) throw thrown;
    const { source: _source, ...where } = locationOf(thrown);
    return fail('bad-history', `${what} does not load: ${thrown.message}`, { history: where });
  }
}

function locationOf(error: HistoryError) {
  const { source, eventId, eventIndex, byteOffset, line, column, fieldPath } = error;
  return JSON.parse(
    JSON.stringify({ source, eventId, eventIndex, byteOffset, line, column, fieldPath }),
  ) as Record<string, string | number>;
}

/**
 * Event ids and workflow tasks in the state must exist in the history, and a workflow-task
 * breakpoint must name a WorkflowTaskStarted event: a state that points elsewhere was made for
 * another history.
 */
export function checkAgainstHistory(state: ShareState, history: LoadedHistory): void {
  const count = history.events.length;
  checkFields('state field', () => {
    const exists = (id: number, path: string) => {
      if (id > count)
        throw new FieldProblem(path, `is event ${id}, but the history has ${count} events`);
    };
    state.breakpoints.forEach((bp, i) => {
      const path = `breakpoints[${i}]`;
      if (bp.kind === 'event') exists(bp.eventId, `${path}.eventId`);
      if (bp.kind === 'workflow-task') {
        exists(bp.wftStartedEventId, `${path}.wftStartedEventId`);
        const event = history.events[bp.wftStartedEventId - 1]!;
        if (eventTypeName(event) !== 'WorkflowTaskStarted')
          throw new FieldProblem(
            `${path}.wftStartedEventId`,
            `is event ${eventIdOf(event)}, a ${eventTypeName(event)}, not a WorkflowTaskStarted`,
          );
      }
    });
    if (state.selection?.kind === 'event') exists(state.selection.eventId, 'selection.eventId');
    // Each activation needs a workflow task or a local activity marker: no history makes more
    // activations than it has events. A cursor past that is refused before the session changes.
    if (state.cursor.step >= count)
      throw new FieldProblem(
        'cursor.step',
        `is activation ${state.cursor.step + 1}, but the history's ${count} events make fewer activations`,
      );
    const tasks = history.workflowTasks.length;
    if (state.selection?.kind === 'task' && state.selection.task >= tasks)
      throw new FieldProblem(
        'selection.task',
        `is workflow task ${state.selection.task}, but the history has ${tasks} (counted from 0)`,
      );
  });
}

/** `checkAgainstHistory` as data, for a history that arrives later (by URL). */
export function checkStateAgainstHistory(
  state: ShareState,
  history: LoadedHistory,
): Promise<ShareResult<void>> {
  return settle(async () => checkAgainstHistory(state, history));
}
