import { _setPreopens } from '@bytecodealliance/preview2-shim/filesystem';

let done = false;

/**
 * jco's in-process tools (componentize-js, wasm-tools, type generation) run as wasm against
 * preview2-shim's WASI filesystem, which starts with no preopened directories; without one every
 * path lookup fails ("No such file or directory (os error 44)"). Preopen the host root once.
 */
export function enablePreopens(): void {
  if (done) return;
  // The package's type entry for this subpath is the browser one; Node's takes a path map.
  (_setPreopens as (preopens: Record<string, string>) => void)({ '/': '/' });
  done = true;
}
