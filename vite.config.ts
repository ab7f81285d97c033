import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Cross-origin isolation gives the page SharedArrayBuffer, through which the engine worker tells
// the watchdog which guest call it is in (without it, the worker posts a message per call).
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  // jco's transpiler locates its own wasm with `new URL(..., import.meta.url)`; pre-bundling would
  // move the module away from its wasm files.
  optimizeDeps: { exclude: ['@bytecodealliance/jco-transpile'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 2048 },
  server: { host: '127.0.0.1', port: 5173, headers: isolation },
  preview: { host: '127.0.0.1', port: 4173, headers: isolation },
});
