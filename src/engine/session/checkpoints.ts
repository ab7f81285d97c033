/**
 * Checkpoints of a replay session: at chosen positions (steps taken), a copy of the replay engine
 * (machines, history cursor, echo) and of the run's guest (the driver's state and the instance's
 * memory as sparse chunk diffs, see host/snapshot/). Restoring one and re-executing from it gives
 * any earlier position in the time of the activations between it and the target.
 *
 * Which positions: one after the first activation and then whenever re-executing from the last
 * checkpoint would take longer than `intervalMs`, or than twice what taking a checkpoint takes
 * (comparing the guest's memory is most of that; at most 50 ms), so checkpoints cost about a third
 * of a run. When the checkpoints hold more than
 * `budgetBytes`, every other one is dropped and the interval doubles.
 */
import { cloneState, type CloneCount } from '../core/clone.ts';
import type { HistoryEvent } from '../core/events.ts';
import { Machine } from '../core/machines/machine.ts';
import type { DriverCheckpoint, WorkflowRunDriver } from '../host/driver.ts';
import type { ActivationDriver, RunDriver } from '../host/run.ts';
import type { SessionState } from './session.ts';

export interface CheckpointPolicy {
  /** A checkpoint after every activation (tests), rather than by cost. */
  everyActivation?: boolean;
  /** Re-execution, in ms, that makes the next checkpoint worth taking (default 12). */
  intervalMs?: number;
  /** Most bytes the checkpoints may hold (default 320 MiB). */
  budgetBytes?: number;
  /** False: no checkpoints; going back re-executes from the start. */
  enabled?: boolean;
  /** Never write a checkpoint into the running instance: always into a fresh one (tests). */
  freshInstance?: boolean;
}

export interface Checkpoint {
  /** Steps taken at this checkpoint. */
  readonly length: number;
  readonly session: SessionState;
  readonly driver: DriverCheckpoint | undefined;
  readonly bytes: number;
}

const DEFAULT_INTERVAL_MS = 12;
/** Re-execution between two checkpoints, at most (unless the memory budget thins them). */
const MAX_INTERVAL_MS = 50;
const COST_WINDOW = 5;
const DEFAULT_BUDGET = 320 * 2 ** 20;
/** Rough sizes of a copied engine object (a machine, a small record) and of one slot in a copied array, Map or Set. */
const BYTES_PER_OBJECT = 96;
const BYTES_PER_SLOT = 16;

function checkpointable(driver: ActivationDriver | RunDriver | undefined) {
  return driver && 'checkpoint' in driver ? (driver as WorkflowRunDriver) : undefined;
}

export class Checkpoints {
  /** Why there are none, when there are none. */
  note: string | undefined;
  private readonly list: Checkpoint[] = [];
  private readonly driver: WorkflowRunDriver | undefined;
  private readonly budget: number;
  /** The least re-execution worth a checkpoint; doubles each time checkpoints are thinned. */
  private floor: number;
  private interval: number;
  private sinceLast = 0;
  /** What the last few checkpoints took, in ms. */
  private readonly costs: number[] = [];
  private engineBytes = 0;

  constructor(
    private readonly policy: CheckpointPolicy = {},
    private readonly events: readonly HistoryEvent[],
    driver: ActivationDriver | RunDriver | undefined,
  ) {
    this.floor = this.interval = policy.intervalMs ?? DEFAULT_INTERVAL_MS;
    this.budget = policy.budgetBytes ?? DEFAULT_BUDGET;
    this.driver = checkpointable(driver);
    if (policy.enabled === false) this.note = 'checkpoints are turned off';
    else if (driver && !this.driver)
      this.note =
        'the workflow code runs in another thread (or is a seed-ABI module), out of reach of checkpoints';
    else this.note = this.driver?.checkpointRefusal();
  }

  private get active(): boolean {
    return this.note === undefined;
  }

  stats(): { count: number; bytes: number } {
    return {
      count: this.list.length,
      bytes: this.engineBytes + (this.driver?.checkpointBytes ?? 0),
    };
  }

  /**
   * After a step that took `ms`: takes a checkpoint at `length` when one is due and `mayCapture`
   * (false for a step re-executed after a restore: it only counts toward the next one). Returns
   * the state to go on from when it took one (see `capture`).
   */
  stepped(
    length: number,
    ms: number,
    state: () => SessionState,
    mayCapture = true,
  ): SessionState | undefined {
    if (!this.active) return undefined;
    this.sinceLast += ms;
    const last = this.list.at(-1);
    if (!mayCapture || (last && length <= last.length)) return undefined;
    if (length !== 1 && !this.policy.everyActivation && this.sinceLast < this.interval)
      return undefined;
    const started = performance.now();
    const next = this.capture(length, state());
    const took = performance.now() - started;
    this.sinceLast = 0;
    // Checkpoints should cost a part of the run, not most of it: about a third. What a capture
    // costs is the least of the last few: captures a garbage collection slowed down (several in
    // a row, late in a long run) would otherwise leave stretches of a hundred activations or more
    // to re-execute. And never more apart than MAX_INTERVAL_MS, unless the budget says so.
    this.costs.push(took);
    if (this.costs.length > COST_WINDOW) this.costs.shift();
    const typical = Math.min(...this.costs);
    this.interval = Math.max(this.floor, Math.min(MAX_INTERVAL_MS, typical * 2));
    return next;
  }

  /**
   * Takes a checkpoint at `length` (after the last one). The checkpoint keeps `state` itself and
   * the session goes on from the copy returned, so that replay runs on objects shaped as restores
   * make them (see ReplaySession.adopt). Undefined when none was taken.
   */
  capture(length: number, state: SessionState): SessionState | undefined {
    if (!this.active) return undefined;
    let driver: DriverCheckpoint | undefined;
    try {
      driver = this.driver?.checkpoint(length);
    } catch (thrown) {
      // Earlier checkpoints stay good; later states cannot be captured.
      this.note = thrown instanceof Error ? thrown.message : String(thrown);
      return undefined;
    }
    const count = { objects: 0, slots: 0 };
    const next = this.copy(state, count);
    const bytes = count.objects * BYTES_PER_OBJECT + count.slots * BYTES_PER_SLOT;
    this.engineBytes += bytes;
    this.list.push({ length, session: state, driver, bytes });
    if (this.stats().bytes > this.budget) this.thin();
    return next;
  }

  /** The latest checkpoint at or before `length` steps. */
  nearest(length: number): Checkpoint | undefined {
    let found: Checkpoint | undefined;
    for (const checkpoint of this.list) {
      if (checkpoint.length > length) break;
      found = checkpoint;
    }
    return found;
  }

  /** Puts the run back as it was at `checkpoint`; returns the session's state to resume from. */
  async restore(checkpoint: Checkpoint): Promise<SessionState> {
    if (checkpoint.driver && this.driver)
      await this.driver.restore(checkpoint.driver, this.policy.freshInstance);
    this.sinceLast = 0;
    return this.copy(checkpoint.session);
  }

  /** The engine's state, copied: a checkpoint's must never change once taken. */
  private copy(state: SessionState, count?: CloneCount): SessionState {
    // Machines in a final state never change again (an event for one ends the replay): shared,
    // like the history, and so are the steps taken and the grow-only maps' older entries
    // (core/grow-only.ts). So a copy costs what is live.
    const shared = (value: object) =>
      value === this.events || (value instanceof Machine && value.isFinal());
    return cloneState(state, shared, count);
  }

  /** Drops every other checkpoint (never the first or the last) and doubles the interval. */
  private thin(): void {
    const keep: Checkpoint[] = [];
    this.list.forEach((checkpoint, i) => {
      const last = i === this.list.length - 1;
      if (i === 0 || last || i % 2 === 0) {
        keep.push(checkpoint);
        return;
      }
      this.engineBytes -= checkpoint.bytes;
      this.driver?.dropCheckpoint(checkpoint.length, this.list[i + 1]!.length);
    });
    this.list.splice(0, this.list.length, ...keep);
    this.floor *= 2;
    this.interval = Math.max(this.interval, this.floor);
  }
}
