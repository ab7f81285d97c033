/**
 * Every example, run by the simulator (its own activity implementations, its default scenario),
 * produces a history that real sdk-core accepts with the example's component answering, with the
 * same activations and verdict as this engine; and the versioning examples replayed across
 * versions diverge (or not) exactly where sdk-core says.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventIdOf, eventTypeName, type HistoryEvent } from '../../src/engine/core/events.ts';
import { loadComponent } from '../../src/engine/host/component.ts';
import { buildComponent } from '../../src/node/build/build-component.ts';
import { compareCodeWithSdkCore, compareWithSdkCore } from '../../src/node/oracle/differential.ts';
import { SdkCoreReplayer } from '../../src/node/oracle/index.ts';
import { ReplaySession } from '../../src/engine/session/session.ts';
import { example } from '../sdk/harness.ts';
import { REPO } from '../paths.ts';
import { exampleHistory, exampleIds } from './example-runs.ts';

const replayer = new SdkCoreReplayer();
afterAll(() => replayer.close());

describe('simulated example histories against real sdk-core', () => {
  for (const id of exampleIds) {
    it(`${id}: sdk-core replays it with the component, agreeing with this engine`, async () => {
      const { events, outcome } = await exampleHistory(id);
      expect(['completed', 'failed', 'continued-as-new']).toContain(outcome);
      const hosted = await compareCodeWithSdkCore(
        replayer,
        `${id} (component)`,
        events,
        await example(id),
      );
      expect(hosted.differences).toEqual([]);
      expect(hosted.core.verdict).toBe('ok');
      const echoed = await compareWithSdkCore(replayer, `${id} (echo)`, events);
      expect(echoed.differences).toEqual([]);
      expect(echoed.core.verdict).toBe('ok');
    });
  }
});

describe('versioning examples replayed across versions', () => {
  const cases: Array<[from: string, to: string, expected: 'ok' | 'nondeterminism']> = [
    ['patching-1-original', 'patching-2-patched', 'ok'],
    ['patching-2-patched', 'patching-3-deprecated', 'ok'],
    ['patching-1-original', 'patching-4-forgot-patch', 'nondeterminism'],
  ];
  for (const [from, to, expected] of cases) {
    it(`a ${from} history replayed by ${to}: ${expected}, as in sdk-core`, async () => {
      const { events } = await exampleHistory(from);
      const result = await compareCodeWithSdkCore(
        replayer,
        `${from} → ${to}`,
        events,
        await example(to),
      );
      expect(result.differences).toEqual([]);
      expect(result.core.verdict).toBe(expected);
    });
  }
});

describe('what the examples log', () => {
  it('reaches the host trace as workflow log lines, leaving current details alone', async () => {
    const { events } = await exampleHistory('signals-queries');
    const session = ReplaySession.open(events, {
      kind: 'component',
      component: await example('signals-queries'),
    });
    await session.runToEnd();
    const logs = session.driverTrace.filter((e) => e.type === 'log');
    expect(logs.length).toBeGreaterThan(0);
    expect(
      logs.every((e) => e.type === 'log' && e.source === 'workflow' && e.replaying === true),
    ).toBe(true);
    expect(
      session.driverTrace.some((e) => e.type === 'details' && e.text.startsWith('\u001e')),
    ).toBe(false);
  });
});

/**
 * An example's workflow.ts changed by `edit` and built as a component (in a temporary directory,
 * its relative imports pointed back at the repo).
 */
async function alteredExample(id: string, edit: (source: string) => string) {
  const original = readFileSync(join(REPO, 'examples', id, 'workflow.ts'), 'utf8');
  const changed = edit(original);
  expect(changed).not.toBe(original);
  const entry = join(mkdtempSync(join(tmpdir(), `altered-${id}-`)), 'workflow.ts');
  writeFileSync(
    entry,
    changed
      .replaceAll("'../../sdk/index.ts'", JSON.stringify(join(REPO, 'sdk', 'index.ts')))
      .replaceAll("'./activities.ts'", JSON.stringify(join(REPO, 'examples', id, 'activities.ts'))),
  );
  return loadComponent((await buildComponent(entry)).component, `altered ${id}`);
}

/** The id of the first event of `type` whose attributes' JSON includes `text`. */
function eventOf(events: readonly HistoryEvent[], type: string, text: string): number {
  const event = events.find(
    (e) => eventTypeName(e) === type && JSON.stringify(e).includes(JSON.stringify(text)),
  );
  if (!event) throw new Error(`no ${type} event with ${text}`);
  return eventIdOf(event);
}

describe('changed example code replaying its old history diverges where sdk-core says', () => {
  // Each expected event is read off the history by sdk-core's matching rule: the first command
  // event whose command the changed code no longer produces (a different kind, or a different
  // activity type, in the same position).
  const cases: Array<{
    name: string;
    id: string;
    edit: (source: string) => string;
    diverges: (events: readonly HistoryEvent[]) => number;
  }> = [
    {
      name: 'an activity added before the timer',
      id: 'patching-1-original',
      edit: (s) =>
        s.replace(
          "  await sleep('1 day');",
          "  await sendEmail(customerId, 'Welcome to your trial');\n  await sleep('1 day');",
        ),
      // History has TimerStarted where the code now schedules an activity.
      diverges: (events) => eventOf(events, 'TimerStarted', '1'),
    },
    {
      name: 'a renamed activity',
      id: 'hello-activity',
      edit: (s) => s.replaceAll('composeGreeting', 'composeSalutation'),
      diverges: (events) => eventOf(events, 'ActivityTaskScheduled', 'composeGreeting'),
    },
    {
      name: 'saga steps reordered (the car booked before the hotel)',
      id: 'saga',
      edit: (s) =>
        s.replace(
          /( {4}const hotel = [^]*?undo\.push\(\(\) => cancelHotel\(hotel\)\);\n)( {4}const car = [^]*?undo\.push\(\(\) => cancelCar\(car\)\);\n)/,
          '$2$1',
        ),
      // The flight is still first; the second scheduled activity was the hotel.
      diverges: (events) => eventOf(events, 'ActivityTaskScheduled', 'bookHotel'),
    },
  ];
  for (const { name, id, edit, diverges } of cases) {
    it(`${id}, ${name}`, async () => {
      const { events } = await exampleHistory(id);
      const result = await compareCodeWithSdkCore(
        replayer,
        `${id} (${name})`,
        events,
        await alteredExample(id, edit),
      );
      expect(result.differences).toEqual([]);
      expect(result.core.verdict).toBe('nondeterminism');
      expect(result.core.eventId).toBe(diverges(events));
    });
  }
});
