/**
 * check-host: one component and some histories, replayed by our host (this engine's replay
 * session) and by Temporal's own (temporalio-sdk's wasm host under sdk-core, tools/check-host),
 * compared call by call, command by command and verdict by verdict.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { HistoryEvent } from '../../engine/core/events.ts';
import { replayWorkflowId } from '../../engine/core/replay.ts';
import { loadComponent, type LoadedComponent } from '../../engine/host/component.ts';
import { describeThrown } from '../../engine/host/errors.ts';
import type { HostRun } from './calls.ts';
import { compareRuns } from './compare.ts';
import { runOurs } from './ours.ts';
import { runUpstream } from './upstream.ts';

export interface NamedHistory {
  name: string;
  events: readonly HistoryEvent[];
}

export interface HistoryCheck {
  name: string;
  ours: HostRun;
  upstream: HostRun;
  callsCompared: number;
  commandsCompared: number;
  differences: string[];
}

export interface ComponentCheck {
  component: string;
  /** Set when a host could not load the component (then no history ran). */
  loadErrors?: { ours?: string; upstream?: string };
  histories: HistoryCheck[];
  /** Differences over all, the load counted as one. */
  differences: number;
}

export interface CheckHostOptions {
  /** The upstream program (default: the one `npm run build:check-host` builds). */
  binary?: string;
  timeoutMs?: number;
}

/** The worker build id both replays run under (it reaches the guest in every activation). */
const BUILD_ID = 'workflow-playground-check-host';

const taskQueueOf = (events: readonly HistoryEvent[]) =>
  events[0]?.workflowExecutionStartedEventAttributes?.taskQueue?.name ?? '';

export async function checkHost(
  componentPath: string,
  histories: readonly NamedHistory[],
  options: CheckHostOptions = {},
): Promise<ComponentCheck> {
  const component = basename(componentPath);
  let loaded: LoadedComponent | undefined;
  let oursError: string | undefined;
  try {
    loaded = await loadComponent(readFileSync(componentPath), component);
  } catch (thrown) {
    oursError = describeThrown(thrown);
  }
  const upstream = await runUpstream(
    componentPath,
    histories.map((h) => ({
      events: h.events,
      workflowId: replayWorkflowId(h.events),
      taskQueue: taskQueueOf(h.events),
    })),
    {
      buildId: BUILD_ID,
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.binary ? { binary: options.binary } : {}),
    },
  );
  const upstreamError = 'loadError' in upstream ? upstream.loadError : undefined;
  if (!loaded || upstreamError !== undefined) {
    const agree = !loaded && upstreamError !== undefined;
    return {
      component,
      loadErrors: {
        ...(oursError !== undefined ? { ours: oursError } : {}),
        ...(upstreamError !== undefined ? { upstream: upstreamError } : {}),
      },
      histories: [],
      differences: agree ? 0 : 1,
    };
  }
  const runs = (upstream as { runs: HostRun[] }).runs;
  const checks: HistoryCheck[] = [];
  for (const [i, h] of histories.entries()) {
    const ours = await runOurs(
      loaded,
      { events: h.events, workflowId: replayWorkflowId(h.events) },
      { buildId: BUILD_ID },
    );
    const theirs = runs[i]!;
    checks.push({ name: h.name, ours, upstream: theirs, ...compareRuns(ours, theirs) });
  }
  return {
    component,
    histories: checks,
    differences: checks.reduce((n, c) => n + (c.differences.length > 0 ? 1 : 0), 0),
  };
}
