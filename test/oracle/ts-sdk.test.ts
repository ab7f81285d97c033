/**
 * The real TypeScript SDK (`@temporalio/worker`'s `Worker.runReplayHistory`, the same release as
 * the other @temporalio packages) replays the history our simulator records for every example,
 * with the example's own workflow.ts bundled by the TS SDK's bundler and its imports of our guest
 * SDK resolved to `@temporalio/workflow`. Its replay is an oracle independent of ours and of the
 * sdk-core comparisons: the lang side (patches, lang flags, cancellation scopes, randomness,
 * condition timeouts, update handlers) is the TS SDK's own code here.
 *
 * Every example imports only APIs `@temporalio/workflow` also exports (checked below), so none is
 * left out. An example that used an API the TS SDK lacks would go in UNSUPPORTED with the API's
 * name, and show as skipped with that reason.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import * as tsWorkflow from '@temporalio/workflow';
import {
  bundleWorkflowCode,
  DefaultLogger,
  Runtime,
  Worker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  exportHistoryJson,
  loadHistory,
  type HistoryEvent,
} from '../../src/engine/history/index.ts';
import { ReplaySession } from '../../src/engine/session/session.ts';
import { simulate } from '../../src/engine/sim/simulate.ts';
import { component } from '../sdk/harness.ts';
import { REPO } from '../paths.ts';
import { exampleHistory, exampleIds, exampleMeta } from './example-runs.ts';

/** Examples the TS SDK cannot run, with the API it lacks. */
const UNSUPPORTED: Record<string, string> = {};

const GUEST_SDK = join(REPO, 'sdk', 'index.ts');
const quiet = new DefaultLogger('ERROR');

beforeAll(() => {
  // sdk-core inside the TS SDK logs every failed replay task as a warning; the tests read the
  // errors replay throws instead.
  Runtime.install({
    logger: quiet,
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
  });
});

const bundles = new Map<string, Promise<WorkflowBundleWithSourceMap>>();

/**
 * A workflow module (and interceptor modules) bundled by the TS SDK, every import of our
 * `sdk/index.ts` resolved to `@temporalio/workflow` by a webpack alias: the files on disk stay as
 * they are.
 */
function tsBundleOf(workflowsPath: string, interceptors: string[] = []) {
  const key = [workflowsPath, ...interceptors].join('\0');
  let bundle = bundles.get(key);
  if (!bundle) {
    bundle = bundleWorkflowCode({
      workflowsPath,
      workflowInterceptorModules: interceptors,
      logger: quiet,
      webpackConfigHook: (config) => ({
        ...config,
        resolve: {
          ...config.resolve,
          // An absolute key matches a relative import once it is resolved against its importer.
          alias: { ...config.resolve?.alias, [GUEST_SDK]: '@temporalio/workflow' },
        },
      }),
    });
    bundles.set(key, bundle);
  }
  return bundle;
}

/** An example's workflow.ts with its interceptor modules, bundled by the TS SDK. */
function tsBundle(id: string): Promise<WorkflowBundleWithSourceMap> {
  const dir = join(REPO, 'examples', id);
  return tsBundleOf(
    join(dir, 'workflow.ts'),
    (exampleMeta(id).interceptors ?? []).map((p) => join(dir, p)),
  );
}

/** Replays `events` in the TS SDK; resolves on success, rejects with its error. */
async function tsReplay(
  id: string | Promise<WorkflowBundleWithSourceMap>,
  events: readonly HistoryEvent[] | { events: unknown[] },
  workflowId: string,
) {
  const json = Array.isArray(events)
    ? JSON.parse(exportHistoryJson([...(events as HistoryEvent[])]).text)
    : events;
  const workflowBundle = await (typeof id === 'string' ? tsBundle(id) : id);
  await Worker.runReplayHistory({ workflowBundle }, historyFromJSON(json), workflowId);
}

interface JsonEvent {
  eventId: string;
  workflowTaskCompletedEventAttributes?: { sdkMetadata?: { langUsedFlags?: number[] } };
}

/** `events` as JSON with lang flag 1 taken out of every task; the ids of the tasks that had it. */
function withoutFlag1(events: HistoryEvent[]): { json: { events: JsonEvent[] }; had: string[] } {
  const json = JSON.parse(exportHistoryJson(events).text) as { events: JsonEvent[] };
  const had: string[] = [];
  for (const e of json.events) {
    const metadata = e.workflowTaskCompletedEventAttributes?.sdkMetadata;
    if (!metadata?.langUsedFlags?.includes(1)) continue;
    had.push(e.eventId);
    metadata.langUsedFlags = metadata.langUsedFlags.filter((f) => f !== 1);
  }
  return { json, had };
}

/** The value names a module imports from our guest SDK (type-only imports left out). */
function guestImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const names: string[] = [];
  for (const m of source.matchAll(
    /import\s+(type\s+)?\{([^}]*)\}\s*from\s*'[./]*\/sdk\/index\.ts'/g,
  )) {
    if (m[1]) continue;
    for (const part of m[2]!.split(',')) {
      const name = part.trim();
      if (name && !name.startsWith('type ')) names.push(name.split(/\s+as\s+/)[0]!);
    }
  }
  return names;
}

describe('the real TypeScript SDK replays every example’s simulated history', () => {
  it('the examples import from our SDK only what @temporalio/workflow exports', () => {
    const missing: string[] = [];
    let count = 0;
    for (const id of exampleIds) {
      const meta = exampleMeta(id);
      const files = ['workflow.ts', ...(meta.interceptors ?? [])].map((f) =>
        join(REPO, 'examples', id, f),
      );
      for (const name of files.flatMap(guestImports)) {
        count++;
        if (!(name in tsWorkflow) && !UNSUPPORTED[id]) missing.push(`${id}: ${name}`);
      }
    }
    expect(count).toBeGreaterThan(exampleIds.length);
    expect(missing).toEqual([]);
  });

  for (const id of exampleIds) {
    const lacking = UNSUPPORTED[id];
    if (lacking) {
      it.skip(`${id}: not run, the TS SDK lacks ${lacking}`, () => {});
      continue;
    }
    it(`${id}: no nondeterminism`, async () => {
      const { events, outcome, workflowId } = await exampleHistory(id);
      expect(['completed', 'failed', 'continued-as-new']).toContain(outcome);
      const bundle = await tsBundle(id);
      // The bundle runs @temporalio/workflow, not our guest SDK (whose calls need a wasm host):
      // webpack names each module it bundles by its path.
      expect(bundle.code.includes('"./sdk/')).toBe(false);
      expect(bundle.code.includes('"./node_modules/@temporalio/workflow/lib/workflow.js"')).toBe(
        true,
      );
      await tsReplay(id, events, workflowId);
    });
  }
});

describe('the TS SDK replay fails where it should', () => {
  it('a versioning 1 history under versioning 4’s code (a change without a patch)', async () => {
    const { events, workflowId } = await exampleHistory('patching-1-original');
    await expect(tsReplay('patching-4-forgot-patch', events, workflowId)).rejects.toThrow(
      /nondeterminism/i,
    );
    await expect(tsReplay('patching-2-patched', events, workflowId)).resolves.toBeUndefined();
  });

  it('lang flag 1: the timers-cancellation history fails without its langUsedFlags [1] (with it, above, it passes)', async () => {
    const { events, workflowId } = await exampleHistory('timers-cancellation');
    const { json, had } = withoutFlag1(events);
    // The simulator records the flag on the task that cancels the deadline timer (issue 15 item 5).
    expect(had).toEqual(['12']);
    await expect(tsReplay('timers-cancellation', json, workflowId)).rejects.toThrow(
      /TimerCanceled/,
    );
  });

  it('lang flag 1: child scopes of a cancelled non-cancellable scope, shielded only with the flag', async () => {
    const file = join(REPO, 'test', 'sdk', 'workflows', 'scope-shielding.ts');
    const bundle = tsBundleOf(file);
    const workflow = await component('test/sdk/workflows/scope-shielding.ts');
    for (const workflowType of ['shieldedWork', 'shieldedCleanup']) {
      const workflowId = `${workflowType}-sim`;
      const { events, outcome } = await simulate(workflow, { workflowType, cancelAt: '10m' });
      expect(outcome).toBe('completed');
      // Our SDK shielded the scope (the run went on after the cancellation) and said so.
      const { json, had } = withoutFlag1(events);
      expect(had.length).toBe(1);
      await expect(tsReplay(bundle, events, workflowId)).resolves.toBeUndefined();
      // Without the flag the TS SDK cancels the child scope, as our SDK does replaying it.
      const failure = await tsReplay(bundle, json, workflowId).then(
        () => 'replayed',
        (error: unknown) => String(error),
      );
      const session = ReplaySession.open(loadHistory(JSON.stringify(json)).events, {
        kind: 'component',
        component: workflow,
      });
      await session.runToEnd();
      // Both fail at the same event with the same sdk-core message (a nondeterminism for the
      // cleanup's missing timer; a fatal one for the timer it cancels that history saw fire).
      const verdict = session.verdict;
      expect(verdict.kind === 'fatal' || verdict.kind === 'nondeterminism').toBe(true);
      const message = 'message' in verdict ? verdict.message : '';
      expect(message).toMatch(/TimerFired|TimerStarted/);
      expect(failure).toContain(`message: ${JSON.stringify(message)}`);
    }
  });
});
