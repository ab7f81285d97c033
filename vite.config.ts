import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// Cross-origin isolation gives the page SharedArrayBuffer, through which the engine worker tells
// the watchdog which guest call it is in (without it, the worker posts a message per call).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The built app's Content-Security-Policy, shipped in its HTML so that any static host applies it.
 * Scripts only from this origin, plus blob: for the JavaScript jco transpiles a component to (the
 * engine imports it from a blob: URL) and 'wasm-unsafe-eval' to compile components; no inline
 * script. 'unsafe-eval' because protobufjs builds its encoders and decoders with `Function` (the
 * page decodes the bridge's activations with it). Styles allow inline: Monaco injects <style> elements and React sets style attributes.
 * Connections: this origin, https anywhere (histories, components, codec servers by URL), http on
 * this machine, and WebSockets (bridges; one not on this machine is connected to only when the
 * user agrees).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' blob: 'wasm-unsafe-eval' 'unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' https: ws: wss: http://localhost:* http://127.0.0.1:*",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Adds the policy to the built page only: Vite's dev server runs inline scripts of its own. */
const contentSecurityPolicy: Plugin = {
  name: 'content-security-policy',
  apply: 'build',
  transformIndexHtml: (html) =>
    html.replace(
      '<head>',
      `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`,
    ),
};

/**
 * `npm start` serves at once and builds the examples on demand and in the background
 * (src/node/build/dev-examples.ts, loaded by the dev server only: a build need not load it).
 */
const lazyExamples: Plugin = {
  name: 'lazy-examples',
  apply: 'serve',
  async configureServer(server) {
    const { serveExamples } = await import('./src/node/build/dev-examples.ts');
    serveExamples(server, isolation);
  },
};

export default defineConfig({
  plugins: [react(), contentSecurityPolicy, lazyExamples],
  worker: { format: 'es' },
  // jco's transpiler locates its own wasm with `new URL(..., import.meta.url)`; pre-bundling would
  // move the module away from its wasm files.
  optimizeDeps: { exclude: ['@bytecodealliance/jco-transpile'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 2048 },
  server: { host: '127.0.0.1', port: 5173, headers: isolation },
  preview: { host: '127.0.0.1', port: 4173, headers: isolation },
});
