/**
 * The grow-only collections against the plain ones they stand for: a seeded mix of writes,
 * reads and checkpoint copies (cloneState, as the session takes them) on a GrowMap and an
 * AppendLog, each mirrored on a Map and an array copied entry by entry. Every copy must read as
 * its mirror did when it was taken, however much the original and other copies change after.
 */
import { describe, expect, it } from 'vitest';
import { cloneState } from '../../src/engine/core/clone.ts';
import { AppendLog, GrowMap } from '../../src/engine/core/grow-only.ts';
import { seededRandom } from '../seeded-random.ts';

/** A mutable value (a live machine, say) until it is marked done; done values are shared. */
interface Cell {
  n: number;
  done: boolean;
}
const shared = (value: object) => (value as Partial<Cell>).done === true;

interface World {
  map: GrowMap<number, Cell>;
  log: AppendLog<Cell>;
}
interface Mirror {
  map: Map<number, Cell>;
  log: Cell[];
}

const copyMirror = (m: Mirror): Mirror => {
  const copies = new Map<Cell, Cell>();
  const copy = (c: Cell) => {
    if (c.done) return c;
    let out = copies.get(c);
    if (!out) copies.set(c, (out = { ...c }));
    return out;
  };
  return {
    map: new Map([...m.map].map(([k, v]) => [k, copy(v)])),
    log: m.log.map((c, i) => (i === m.log.length - 1 ? copy(c) : c)),
  };
};

function expectSame(world: World, mirror: Mirror, where: string) {
  for (const [key, cell] of mirror.map)
    expect(world.map.get(key), `${where} key ${key}`).toEqual(cell);
  expect(world.map.get(-1)).toBeUndefined();
  expect(world.log.length, where).toBe(mirror.log.length);
  expect(world.log.toArray(), where).toEqual(mirror.log);
  expect(world.log.at(-1), where).toEqual(mirror.log.at(-1));
}

describe('grow-only collections', () => {
  it('copies read as their mirrors did, through thousands of writes and copies', () => {
    const random = seededRandom(42);
    const pick = (n: number) => Math.floor(random() * n);
    const worlds: Array<{ world: World; mirror: Mirror }> = [
      { world: { map: new GrowMap(), log: new AppendLog() }, mirror: { map: new Map(), log: [] } },
    ];
    for (let round = 0; round < 3000; round++) {
      const entry = worlds[pick(worlds.length)]!;
      const { world, mirror } = entry;
      const op = random();
      if (op < 0.45) {
        const key = pick(2000);
        const cell = { n: round, done: random() < 0.7 };
        // Final values are shared (one object); live ones each side has its own.
        world.map.set(key, cell.done ? cell : { ...cell });
        mirror.map.set(key, cell);
      } else if (op < 0.7) {
        // Only the last entry of a log may still change; earlier ones are final.
        const last = mirror.log.at(-1);
        if (last && !last.done) {
          last.done = true;
          world.log.at(-1)!.done = true;
        }
        const cell = { n: round, done: false };
        world.log.push({ ...cell });
        mirror.log.push(cell);
      } else if (op < 0.85) {
        // A live value changes in place (a machine moving on), and may become final.
        const keys = [...mirror.map.keys()].filter((k) => !mirror.map.get(k)!.done);
        const key = keys[pick(keys.length)];
        if (key !== undefined) {
          const done = random() < 0.3;
          mirror.map.get(key)!.n++;
          mirror.map.get(key)!.done = done;
          const cell = world.map.get(key)!;
          cell.n++;
          cell.done = done;
        }
      } else {
        worlds.push({ world: cloneState(world, shared), mirror: copyMirror(mirror) });
      }
      if (round % 97 === 0)
        worlds.forEach((w, i) => expectSame(w.world, w.mirror, `round ${round}, world ${i}`));
    }
    worlds.forEach((w, i) => expectSame(w.world, w.mirror, `end, world ${i}`));
    expect(worlds.length).toBeGreaterThan(100);
  });
});
