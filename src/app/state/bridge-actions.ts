/**
 * The live runs' intents as the always-loaded parts of the page (session bar, connect dialog,
 * start-up) call them. The bridge's code (its client, the live-run views, the protobuf schema they
 * decode with) is a chunk of its own, loaded on the first call: most sessions never connect to a
 * bridge, and it doubled the JavaScript the page needs before its first render.
 */
import type { BridgeLink } from '../bridge/link.ts';
import type { ServerWorkflow } from './bridge.ts';

const bridge = () => import('./bridge.ts');

export async function connectBridge(link: BridgeLink): Promise<void> {
  (await bridge()).connectBridge(link);
}
export async function disconnectBridge(): Promise<void> {
  (await bridge()).disconnectBridge();
}
export async function reconnectBridge(): Promise<void> {
  (await bridge()).reconnectBridge();
}
export async function forgetBridge(): Promise<void> {
  (await bridge()).forgetBridge();
}
export async function showView(view: 'debugger' | 'live'): Promise<void> {
  (await bridge()).showView(view);
}
export async function replayAgain(): Promise<void> {
  await (await bridge()).replayAgain();
}
export async function openServerWorkflow(
  target: ServerWorkflow,
  link?: BridgeLink,
): Promise<string | undefined> {
  return (await bridge()).openServerWorkflow(target, link);
}
