/**
 * The engine's home in the browser. Transpiling, compiling and running a component all happen
 * here, so the page never blocks and a runaway guest can be stopped by terminating the worker.
 */
import { loadComponent, type LoadedComponent } from '../../engine/host/component.ts';
import { WorkflowRunDriver } from '../../engine/host/driver.ts';
import { HostError, describeThrown } from '../../engine/host/errors.ts';
import { firstActivation } from '../../engine/host/start.ts';
import { completionView, traceViews } from '../../engine/host/trace-view.ts';
import { WorkflowActivation } from '../../engine/proto/index.ts';
import { jsonView } from '../../engine/proto/json-view.ts';
import type {
  ComponentSummary,
  EngineError,
  EngineMessage,
  EngineResponse,
  RunView,
} from './protocol.ts';

let component: LoadedComponent | undefined;

async function handleLoad(bytes: ArrayBuffer, label: string): Promise<ComponentSummary> {
  // Only a component that loads completely replaces the current one.
  const loaded = await loadComponent(new Uint8Array(bytes), label);
  component = loaded;
  return {
    label,
    byteLength: loaded.byteLength,
    workflows: [...loaded.workflows],
    imports: [...loaded.transpiled.imports],
    exports: [...loaded.transpiled.exports],
    timings: loaded.timings,
  };
}

async function handleRun(workflowType: string, args: unknown[]): Promise<RunView> {
  if (!component) throw new HostError('empty', 'Load a component first.');
  const started = performance.now();
  const { identity, activation } = firstActivation({ workflowType, args });
  const driver = new WorkflowRunDriver(component, identity);
  const completion = await driver.activate(activation);
  return {
    workflowType,
    args,
    activation: jsonView(WorkflowActivation, activation),
    completion: completionView(completion),
    trace: traceViews(driver.trace),
    currentDetails: driver.currentDetails,
    durationMs: performance.now() - started,
  };
}

function toError(thrown: unknown): EngineError {
  if (thrown instanceof HostError) return { code: thrown.code, message: thrown.message };
  return { code: 'internal', message: `Internal error: ${describeThrown(thrown)}` };
}

self.onmessage = async (event: MessageEvent<EngineMessage>) => {
  const message = event.data;
  let response: EngineResponse;
  try {
    const result =
      message.type === 'load-component'
        ? await handleLoad(message.bytes, message.label)
        : await handleRun(message.workflowType, message.args);
    response = { id: message.id, ok: true, result };
  } catch (thrown) {
    response = { id: message.id, ok: false, error: toError(thrown) };
  }
  self.postMessage(response);
};
