/**
 * The simulator against the real server (issue 17 item 6), for the examples that need nothing the
 * real server cannot do on cue: the same component runs the example's default scenario on the
 * local Temporal dev server (the bridge's worker hosting it, Temporal's client starting it) and in
 * the simulator, and the two histories must match event for event (types, order, links) with every
 * remaining field difference listed and explained, as test/sim/shape.test.ts does for histories
 * the SDK test suites recorded.
 *
 * Activities are the example's own (examples/<id>/activities.ts) on both sides: the simulator
 * calls them, and on the server the worker's activity worker (`worker --activities`) runs them.
 * The scenario's signals and updates are sent in the order of their virtual times, each once the
 * workflow waits (its task done, no activity pending), which is where the simulator's virtual
 * clock puts them; times differ, the shape does not. Timers that never fire (timers-cancellation's
 * reminder and deadline, signals-queries' 3-day limit) are cancelled as in the simulator.
 * Not covered: examples whose default scenario waits for a timer to fire (the dev server does not
 * skip time): continue-as-new sleeps 10 minutes before it continues, the patching examples sleep a
 * day, and interceptors waits an hour for a payment signal its scenario never sends;
 * child-workflows (on a real server its two children start, and the second fails, at moments that
 * race the parent's workflow tasks: the events interleave differently from run to run, and the
 * simulator writes one of the orders), local activities (the bridge's
 * worker runs none) and the 10,000-iteration loop.
 */
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import proto from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { exampleScenario } from '../../examples/manifest.ts';
import { loadHistory } from '../../src/engine/history/index.ts';
import { parseDuration, type Scenario } from '../../src/engine/sim/scenario.ts';
import { simulate } from '../../src/engine/sim/simulate.ts';
import { buildExample, readExampleMeta } from '../../src/node/build/examples.ts';
import { startDevServer, type DevServer } from '../../src/node/server/devserver.ts';
import { loadActivities } from '../../src/node/activities.ts';
import { startBridge, stopStarted } from '../bridge/harness.ts';
import { REPO } from '../paths.ts';
import { example } from '../sdk/harness.ts';
import { compareShapes, type ShapeDifference } from '../sim/shape/compare.ts';

/** Long enough for a cold Go build on a busy machine. */
const BUILD_TIMEOUT_MS = 45 * 60_000;
/** Every example whose default scenario runs on a real server in seconds, with no signal or update to time. */
const EXAMPLES = [
  'hello',
  'hello-activity',
  'saga',
  'timers-cancellation',
  'signals-queries',
  'updates',
];

/** Every difference that may appear, and why. Matched on `<kind> <field>`. */
const EXPLAINED: Array<[RegExp, string]> = [
  [
    /^only-in-recorded \w+EventAttributes\.workerVersion\.buildId$/,
    'the bridge worker reports its build id (workflow-playground@<version>), which the server records; the simulated worker reports none',
  ],
  [
    /^only-in-recorded activityTaskScheduledEventAttributes\.useWorkflowBuildId$/,
    'sdk-core asks for it on each activity of a worker with a build id (the bridge worker has one); the simulated worker has none',
  ],
  [
    /^only-in-recorded activityTaskScheduledEventAttributes\.scheduleToCloseTimeout$/,
    'the server writes the unset schedule-to-close timeout as 0s (no limit); the simulator leaves the field out, which means the same',
  ],
  [
    /^only-in-recorded workflowTaskScheduledEventAttributes\.taskQueue\.normalName$/,
    "later tasks went to the worker's sticky queue, which names the normal one; the simulator has one worker and no sticky queue",
  ],
  [
    /^only-in-recorded workflowTaskCompletedEventAttributes\.sdkMetadata$/,
    'sdk-core sends an empty SDK metadata message on tasks after the first, which the server records as {}; the simulator writes none when there is nothing in it',
  ],
  [
    /^only-in-recorded workflowExecutionSignaledEventAttributes\.requestId$/,
    "Temporal's client sends a fresh request id with each signal (the server dedupes retries by it) and the server records it; the simulator's signals come from no client",
  ],
  [
    /^only-in-recorded workflowExecutionUpdateAcceptedEventAttributes\.acceptedRequest\.input\.header$/,
    "Temporal's client sends the update's input with an empty header, which the server records as {}; the simulator writes no header when there is nothing in it",
  ],
];

function explain(difference: ShapeDifference): string | undefined {
  const key = `${difference.kind} ${difference.field}`;
  return EXPLAINED.find(([pattern]) => pattern.test(key))?.[1];
}

type Outside = Pick<Scenario, 'signals' | 'updates'>;

/** Resolves once the workflow waits: no workflow task and no activity pending. */
async function waiting(handle: WorkflowHandle): Promise<void> {
  for (;;) {
    const { raw } = await handle.describe();
    const idle = !raw.pendingWorkflowTask && (raw.pendingActivities?.length ?? 0) === 0;
    if (idle && Number(raw.workflowExecutionInfo?.historyLength ?? 0) > 3) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The scenario's signals and updates, in the order of their virtual times, each to a waiting workflow. */
async function sendOutside(handle: WorkflowHandle, scenario: Outside): Promise<void> {
  const steps = [
    ...(scenario.signals ?? []).map((s) => ({ ...s, kind: 'signal' as const })),
    ...(scenario.updates ?? []).map((u) => ({ ...u, kind: 'update' as const })),
  ].sort((a, b) => parseDuration(a.at, 'at') - parseDuration(b.at, 'at'));
  for (const step of steps) {
    await waiting(handle);
    if (step.kind === 'signal') await handle.signal(step.name, ...(step.input ?? []));
    else
      await handle.executeUpdate(step.name, {
        // The client's overloads want the arity known; an update without input sends [] all the same.
        args: (step.input ?? []) as [unknown, ...unknown[]],
        ...(step.id ? { updateId: step.id } : {}),
      });
  }
}

let server: DevServer;
let connection: Connection;
const differencesOf = new Map<string, ShapeDifference[]>();

beforeAll(async () => {
  server = await startDevServer({ port: 0 });
  connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: 'default' });
  for (const id of EXAMPLES) {
    const meta = readExampleMeta(id);
    const scenario = exampleScenario(meta);
    const activitiesPath = join(REPO, 'examples', meta.activities ?? id, 'activities.ts');
    const activities = existsSync(activitiesPath)
      ? await loadActivities(activitiesPath)
      : undefined;
    const built = await buildExample(id);
    const taskQueue = `sim-vs-server-${id}`;
    await startBridge({
      mode: {
        kind: 'live',
        live: {
          connection: { address: server.address, namespace: 'default', grpcMeta: {} },
          taskQueue,
          maxInFlight: 2,
          maxCachedWorkflows: 4,
          identity: 'sim-vs-server',
          version: '0.1.0',
          ...(activities ? { activities } : {}),
        },
      },
      component: { bytes: built.component, label: `${id}.wasm` },
    });
    const handle = await client.workflow.start(meta.workflowType, {
      taskQueue,
      workflowId: `sim-vs-server-${id}`,
      args: meta.input,
    });
    await sendOutside(handle, scenario as Outside);
    await handle.result().catch(() => undefined); // a failed run is compared too
    await stopStarted();
    const history = await handle.fetchHistory();
    const bytes = proto.temporal.api.history.v1.History.encode(history).finish();
    const recorded = loadHistory(new Uint8Array(bytes)).events;
    const simulated = await simulate(await example(id), scenario, activities ? { activities } : {});
    differencesOf.set(id, compareShapes(recorded, simulated.events));
  }
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await stopStarted();
  await connection?.close();
  if (server) expect(await server.stop()).toBe(0);
});

describe('the simulator writes what the real server records', () => {
  for (const id of EXAMPLES) {
    it(`${id}: the same events, order and links; each other difference explained`, () => {
      const differences = differencesOf.get(id)!;
      const table = differences.map(
        (d) =>
          `${d.eventId} ${d.eventType} ${d.kind} ${d.field} ${JSON.stringify(d.recorded) ?? ''} → ${JSON.stringify(d.simulated) ?? ''}  (${explain(d) ?? 'UNEXPLAINED'})`,
      );
      console.log(`${id}:\n  ${table.join('\n  ')}`);
      expect(
        differences.filter((d) => d.kind === 'type-differs' || d.kind === 'link-differs'),
      ).toEqual([]);
      expect(differences.filter((d) => !explain(d))).toEqual([]);
    });
  }

  it('needs every explanation it lists', () => {
    const all = [...differencesOf.values()].flat();
    const unused = EXPLAINED.filter(
      ([pattern]) => !all.some((d) => pattern.test(`${d.kind} ${d.field}`)),
    );
    expect(unused.map(([p]) => p.source)).toEqual([]);
  });
});
