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
 * name, and be checked to bundle with that export missing instead.
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
import { exportHistoryJson, type HistoryEvent } from '../../src/engine/history/index.ts';
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
 * An example's workflow.ts (and its interceptor modules) bundled by the TS SDK, every import of
 * our `sdk/index.ts` resolved to `@temporalio/workflow` by a webpack alias: the files on disk
 * stay as they are.
 */
function tsBundle(id: string): Promise<WorkflowBundleWithSourceMap> {
  let bundle = bundles.get(id);
  if (!bundle) {
    const dir = join(REPO, 'examples', id);
    bundle = bundleWorkflowCode({
      workflowsPath: join(dir, 'workflow.ts'),
      workflowInterceptorModules: (exampleMeta(id).interceptors ?? []).map((p) => join(dir, p)),
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
    bundles.set(id, bundle);
  }
  return bundle;
}

/** Replays `events` in the TS SDK; resolves on success, rejects with its error. */
async function tsReplay(id: string, events: readonly HistoryEvent[], workflowId: string) {
  const history = historyFromJSON(JSON.parse(exportHistoryJson([...events]).text));
  await Worker.runReplayHistory({ workflowBundle: await tsBundle(id) }, history, workflowId);
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
    interface JsonEvent {
      eventId: string;
      workflowTaskCompletedEventAttributes?: { sdkMetadata?: { langUsedFlags?: number[] } };
    }
    const json = JSON.parse(exportHistoryJson(events).text) as { events: JsonEvent[] };
    const flagged = json.events.filter((e) =>
      e.workflowTaskCompletedEventAttributes?.sdkMetadata?.langUsedFlags?.includes(1),
    );
    // The simulator records the flag on the task that cancels the deadline timer (issue 15 item 5).
    expect(flagged.map((e) => e.eventId)).toEqual(['12']);
    delete flagged[0]!.workflowTaskCompletedEventAttributes!.sdkMetadata!.langUsedFlags;
    const history = historyFromJSON(json);
    await expect(
      Worker.runReplayHistory(
        { workflowBundle: await tsBundle('timers-cancellation') },
        history,
        workflowId,
      ),
    ).rejects.toThrow(/TimerCanceled/);
  });
});
