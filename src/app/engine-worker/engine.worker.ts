/**
 * The engine's home in the browser. Loading, replaying and inspecting all happen here, so the page
 * never blocks and a runaway guest can be stopped by terminating the worker. What each request does
 * and which ones queue: dispatch.ts.
 */
import { createDispatcher } from './dispatch.ts';
import type { EngineMessage } from './protocol.ts';
import { Workbench } from './workbench.ts';

const dispatch = createDispatcher(new Workbench(), (response, transfer) =>
  self.postMessage(response, { transfer }),
);

self.onmessage = (event: MessageEvent<EngineMessage>) => dispatch(event.data);
