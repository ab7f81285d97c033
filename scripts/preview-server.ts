/**
 * Serves the production build (`dist/`, from `npm run build`) with `vite preview` on a loopback
 * port, for scripts and benchmarks that drive Chromium. Vite runs as our direct child (stopping it
 * leaves no server behind), and we wait for its own "ready" line, so another server already on
 * the port is an error, not a silent stand-in.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface PreviewServer {
  url: string;
  stop(): void;
}

export function startPreview(port: number): Promise<PreviewServer> {
  const vite = join(
    dirname(createRequire(import.meta.url).resolve('vite/package.json')),
    'bin',
    'vite.js',
  );
  const child = spawn(process.execPath, [vite, 'preview', '--port', String(port), '--strictPort'], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = `http://127.0.0.1:${port}/`;
  return new Promise((resolveServer, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`vite preview did not start on ${url}:\n${output}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`:${port}/`)) {
        clearTimeout(timer);
        resolveServer({ url, stop: () => void child.kill() });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`vite preview exited (${code}) before serving ${url}:\n${output}`));
    });
  });
}
