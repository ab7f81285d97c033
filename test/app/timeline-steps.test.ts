/**
 * The timeline's grouping of activations is kept up to date step by step (a step back changes one
 * activation of thousands): after any walk back and forth it must equal the grouping made from
 * scratch, worked out here the plain way.
 */
import { describe, expect, it } from 'vitest';
import { indexSteps, type StepsIndex } from '../../src/app/timeline/model.ts';
import type { StepView } from '../../src/engine/inspect/timeline.ts';
import { seededRandom } from '../seeded-random.ts';

const LANES = [undefined, 'main', 'signal:approve', 'update:rename:u1'];

/** Whole numbers below `below`, from a seeded generator (a failure replays from its seed). */
function seeded(seed: number) {
  const next = seededRandom(seed);
  return (below: number) => Math.floor(next() * below);
}

function makeStep(index: number, task: number, random: (below: number) => number): StepView {
  const calls = Array.from({ length: 1 + random(3) }, (_, i) => {
    const lane = LANES[random(LANES.length)];
    const hazard = random(5) === 0;
    return {
      ...(lane ? { lane, laneLabel: lane.replace(':', ' ') } : {}),
      ...(hazard
        ? {
            hazards: [
              {
                kind: 'clock',
                function: 'wasi:clocks/wall-clock now',
                count: 1,
                denied: false,
                sentence: `guest read the wall clock in call ${i} of activation ${index + 1}`,
              },
            ],
          }
        : {}),
    };
  });
  return { index, task, calls } as unknown as StepView;
}

/** The grouping from scratch, without the index's bookkeeping. */
function plainly(steps: readonly StepView[]) {
  const byTask = new Map<number, StepView[]>();
  const lanes = new Map<string, string>();
  for (const step of steps) {
    if (step.task >= 0) byTask.set(step.task, [...(byTask.get(step.task) ?? []), step]);
    for (const call of step.calls) {
      if (call.lane) lanes.set(call.lane, call.laneLabel ?? call.lane);
      else lanes.set('host', 'host');
    }
  }
  const order = (key: string) =>
    key === 'host' ? 0 : key === 'main' ? 1 : key.startsWith('signal:') ? 2 : 3;
  const hazards = new Map<number, string[]>();
  for (const [task, list] of byTask) {
    const sentences = list.flatMap((s) =>
      s.calls.flatMap((c) => (c.hazards ?? []).map((h) => h.sentence)),
    );
    if (sentences.length > 0) hazards.set(task, sentences);
  }
  return {
    byTask,
    lanes: [...lanes]
      .map(([key, label]) => ({ key, label }))
      .sort((a, b) => order(a.key) - order(b.key)),
    hazards,
  };
}

function expectSame(index: StepsIndex, steps: readonly StepView[]) {
  const want = plainly(steps);
  const tasks = Math.max(index.byTask.length, ...[...want.byTask.keys()].map((t) => t + 1));
  for (let task = 0; task < tasks; task++) {
    const got = index.byTask[task];
    const expected = want.byTask.get(task);
    expect(got?.length ?? 0, `task ${task}`).toBe(expected?.length ?? 0);
    got?.forEach((step, i) => expect(step).toBe(expected![i]));
    expect(index.guestHazardsByTask[task], `task ${task}'s hazards`).toEqual(
      want.hazards.get(task),
    );
  }
  expect(index.lanes).toEqual(want.lanes);
}

describe('the timeline groups activations by task step by step', () => {
  it('equals the grouping from scratch after a seeded walk back and forth', () => {
    const random = seeded(20261207);
    let steps: StepView[] = [];
    let index: StepsIndex | undefined;
    let made = 0;
    for (let move = 0; move < 300; move++) {
      // Back (keep a prefix, as a step back or a jump does), then on with new activations.
      const keep =
        random(4) === 0 ? random(steps.length + 1) : Math.max(0, steps.length - random(3));
      steps = steps.slice(0, keep);
      let task = steps.at(-1)?.task ?? 0;
      for (let i = random(6); i > 0; i--) {
        // Several activations per task now and then; a few belong to no task (-1).
        if (random(3) > 0) task = Math.max(0, task) + 1;
        const inTask = random(20) === 0 ? -1 : task;
        steps.push(makeStep(made++, inTask, random));
      }
      const before = index;
      index = indexSteps(steps, index);
      expectSame(index, steps);
      // A new list with nothing in common (another replay) is grouped from scratch too.
      if (move % 50 === 49) {
        steps = steps.map((s) => ({ ...s }));
        index = indexSteps(steps, index);
        expectSame(index, steps);
      }
      if (before && before.steps === steps) expect(index).toBe(before);
    }
  });

  it('does not touch the grouping an earlier render holds', () => {
    const random = seeded(7);
    const steps = Array.from({ length: 12 }, (_, i) => makeStep(i, i >> 1, random));
    const first = indexSteps(steps);
    const lists = first.byTask.map((list) => list && [...list]);
    const lanes = first.lanes.map((lane) => ({ ...lane }));
    indexSteps(steps.slice(0, 5), first);
    indexSteps([...steps.slice(0, 3), makeStep(12, 1, random), makeStep(13, 9, random)], first);
    expect(first.byTask.map((list) => list && [...list])).toEqual(lists);
    expect(first.lanes).toEqual(lanes);
    expectSame(first, steps);
  });
});
