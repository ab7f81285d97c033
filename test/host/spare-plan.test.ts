/**
 * The plan for a run's spare instances (spare-plan.ts). The named cases are pools like those bench
 * runs of the long-loop example left behind (sizes in MiB: the guest's memory grows 2 MiB at a
 * time from 9 to 33); a walk from random pools checks the invariants the plans promise: the small
 * spares stay, no growth uncovers an image below its rung, and the pool ends with every image
 * within a rung of an instance, or full. Then the driver, following them with a real component
 * whose memory grows, must restore as exactly as into fresh instances.
 */
import Long from 'long';
import { describe, expect, it } from 'vitest';
import { loadComponent } from '../../src/engine/host/component.ts';
import { WorkflowRunDriver, type DriverCheckpoint } from '../../src/engine/host/driver.ts';
import { planSpare, uncovered, type Sizes } from '../../src/engine/host/spare-plan.ts';
import { firstActivation } from '../../src/engine/host/start.ts';
import { guestComponent } from './fixtures.ts';

const MIB = 2 ** 20;
/** One memory of `mib` MiB, in 64 KiB pages. */
const mib = (n: number): Sizes => [n * 16];
const limits = { maxSpares: 5, smallSpares: 2, rungBytes: 6 * MIB };
/** The checkpoint sizes of the long-loop run: 9, 11, ..., 33 MiB. */
const images = Array.from({ length: 13 }, (_, i) => mib(9 + 2 * i));
const pool = (running: number | undefined, spares: number[]) => ({
  running: running === undefined ? undefined : mib(running),
  spares: spares.map(mib),
  images,
  freshBytes: 9 * MIB,
});

describe('planSpare', () => {
  it('makes a small spare at once when none is left', () => {
    expect(planSpare(pool(33, [13, 17, 25]), limits)).toEqual({
      plan: { kind: 'small' },
      urgent: true,
    });
  });

  it('grows a spare that its neighbours cover for into the missing rung, at once', () => {
    // A walk back and forth left 9, 13, 15, 17, 29 (and 33 running): a 25 MiB image would grow
    // the 17 MiB spare by 8. 15 can go (13 and 17 are 4 apart); 17 cannot (a 23 MiB image would
    // then be 8 above 15, its best fit).
    expect(planSpare(pool(33, [9, 13, 15, 17, 29]), limits)).toEqual({
      plan: { kind: 'grow', spare: 2, to: mib(25) },
      urgent: true,
    });
  });

  it('instantiates the rung, once quiet, when no spare can go', () => {
    // Growing 17 to 25 would leave 23 more than 6 above 9: a new instance it is.
    expect(planSpare(pool(33, [9, 9, 17]), limits)).toEqual({
      plan: { kind: 'make', to: mib(25) },
      urgent: false,
    });
  });

  it('never grows the small spares, but may grow a third small one', () => {
    expect(planSpare(pool(27, [9, 9, 21]), limits)).toEqual({
      plan: { kind: 'make', to: mib(17) },
      urgent: false,
    });
    expect(planSpare(pool(27, [9, 9, 9, 21]), limits)).toEqual({
      plan: { kind: 'grow', spare: 2, to: mib(17) },
      urgent: true,
    });
  });

  it('tops up the small spares once quiet, and is done when the rungs are in place', () => {
    expect(planSpare(pool(33, [9, 15, 21, 27]), limits)).toEqual({
      plan: { kind: 'small' },
      urgent: false,
    });
    expect(planSpare(pool(33, [9, 9, 15, 21, 27]), limits)).toBeUndefined();
  });

  it('leaves a full pool alone when no spare can be grown', () => {
    expect(planSpare(pool(33, [9, 9, 15, 21]), limits)).toBeUndefined();
  });

  it('fits each memory on its own', () => {
    // Two memories: the spare's second memory is larger than the images', so it fits none of them.
    const two = {
      running: undefined,
      spares: [
        [144, 1],
        [144, 1],
        [200, 40],
      ],
      images: [
        [144, 1],
        [400, 20],
      ],
      freshBytes: 145 * 64 * 1024,
    };
    expect(uncovered([[144, 1]], two.images, limits.rungBytes)).toEqual([400, 20]);
    expect(planSpare(two, limits)).toEqual({
      plan: { kind: 'make', to: [400, 20] },
      urgent: false,
    });
  });

  it('following the plans from any pool keeps its promises', () => {
    let seed = 12345;
    const random = (n: number) => {
      seed = (seed * 48271) % 2147483647;
      return seed % n;
    };
    const bytes = (s: Sizes) => s[0]! * 64 * 1024;
    const isSmall = (s: Sizes) => bytes(s) <= 9 * MIB;
    for (let trial = 0; trial < 500; trial++) {
      const trialLimits = { ...limits, rungBytes: (2 + random(7)) * MIB };
      const spares = Array.from({ length: random(6) }, () => mib(9 + 2 * random(13)));
      spares.sort((a, b) => bytes(a) - bytes(b));
      const running = random(4) === 0 ? undefined : mib(9 + 2 * random(13));
      const instances = () => [...(running ? [running] : []), ...spares];
      for (let steps = 0; ; steps++) {
        expect(steps).toBeLessThan(40);
        const next = planSpare({ running, spares, images, freshBytes: 9 * MIB }, trialLimits);
        if (!next) break;
        const { plan } = next;
        if (plan.kind === 'grow') {
          const spare = spares[plan.spare]!;
          expect(bytes(spare)).toBeLessThanOrEqual(bytes(plan.to));
          if (isSmall(spare))
            expect(spares.filter(isSmall).length).toBeGreaterThan(limits.smallSpares);
          spares[plan.spare] = plan.to;
          const left = uncovered(instances(), images, trialLimits.rungBytes);
          if (left) expect(bytes(left)).toBeGreaterThan(bytes(plan.to));
        } else spares.push(plan.kind === 'small' ? mib(9) : plan.to);
        // As the driver sets spares aside: smallest first, the largest go when there are too many.
        spares.sort((a, b) => bytes(a) - bytes(b));
        if (spares.length > limits.maxSpares) spares.length = limits.maxSpares;
      }
      expect(spares.filter(isSmall).length).toBeGreaterThanOrEqual(limits.smallSpares);
      if (spares.length < limits.maxSpares - 1)
        expect(uncovered(instances(), images, trialLimits.rungBytes)).toBeUndefined();
    }
  });
});

describe('spares grown between requests', () => {
  it('restore exactly: a walk back and forth matches a twin that restores into fresh instances', async () => {
    const component = await loadComponent(await guestComponent('grower'), 'grower.wasm');
    const { identity, activation: first } = firstActivation({ workflowType: 'grower', args: [] });
    const activations = [first];
    for (let seq = 1; seq <= 24; seq++)
      activations.push({
        runId: identity.runId,
        timestamp: { seconds: Long.fromNumber(1_767_225_600 + seq), nanos: 0 },
        jobs: [{ fireTimer: { seq } }],
      });
    const driver = new WorkflowRunDriver(component, identity);
    const twin = new WorkflowRunDriver(component, identity);
    const checkpoints: Array<[DriverCheckpoint, DriverCheckpoint]> = [];
    const completions: string[] = [];
    for (const [at, activation] of activations.entries()) {
      const [mine, theirs] = [await driver.activate(activation), await twin.activate(activation)];
      expect(JSON.stringify(mine)).toBe(JSON.stringify(theirs));
      completions.push(JSON.stringify(mine));
      checkpoints.push([driver.checkpoint(at), twin.checkpoint(at)]);
    }
    expect(completions.every((c) => c.includes('startTimer'))).toBe(true);

    for (let i = 0, seed = 7919, last = activations.length - 1; i < 30; i++) {
      seed = (seed * 48271) % 2147483647;
      const at = seed % (activations.length - 2);
      // A person's pause: the driver prepares spares meanwhile, growing them in slices, and
      // compares the instances' memories with the last checkpoint.
      await new Promise((resolve) => setTimeout(resolve, 30));
      // Every other time, a step on after the pause: the running instance's memory changes after
      // it was compared.
      if (i % 2 && last + 1 < activations.length) {
        await driver.activate(activations[last + 1]!);
        await twin.activate(activations[last + 1]!);
      }
      await driver.restore(checkpoints[at]![0]);
      await twin.restore(checkpoints[at]![1], true);
      for (const next of [at + 1, at + 2]) {
        const completion = JSON.stringify(await driver.activate(activations[next]!));
        expect(completion, `jump ${i} to ${at}, then activation ${next}`).toBe(completions[next]);
        await twin.activate(activations[next]!);
        last = next;
      }
      const [mine, theirs] = [driver.guestMemories(), twin.guestMemories()];
      mine.forEach((bytes, m) =>
        expect(Buffer.compare(bytes, theirs[m]!), `jump ${i} to ${at}, memory ${m}`).toBe(0),
      );
    }
    expect(driver.instanceStats.grown).toBeGreaterThan(0);
    expect(driver.instanceStats.reused).toBeGreaterThan(0);
    expect(driver.preparedWrites).toBeGreaterThan(0);
  }, 120_000);

  it('stop once the run is disposed of', async () => {
    const component = await loadComponent(await guestComponent('grower'), 'grower.wasm');
    const { identity, activation } = firstActivation({ workflowType: 'grower', args: [] });
    const settle = () => new Promise((resolve) => setTimeout(resolve, 600));
    const held: number[] = [];
    for (const dispose of [false, true]) {
      const driver = new WorkflowRunDriver(component, identity);
      const checkpoints = [];
      for (let seq = 0; seq <= 12; seq++) {
        await driver.activate(
          seq === 0
            ? activation
            : {
                runId: identity.runId,
                timestamp: { seconds: Long.fromNumber(1_767_225_600 + seq), nanos: 0 },
                jobs: [{ fireTimer: { seq } }],
              },
        );
        checkpoints.push(driver.checkpoint(seq));
      }
      await settle();
      // Going back to the start takes the small spare: the driver wants another.
      await driver.restore(checkpoints[0]!);
      if (dispose) driver.dispose();
      const before = driver.restoreBytes;
      await settle();
      held.push(driver.restoreBytes - before);
    }
    // Left alone, the run made a spare in the background; disposed of, none.
    expect(held[0]).toBeGreaterThan(0);
    expect(held[1]).toBe(0);
  }, 120_000);
});
