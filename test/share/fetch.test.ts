/**
 * Artefacts named by URL, served by a real local HTTP server: fetched and loaded, checked against
 * the hash a link pins, and cut off when a server sends more than the limit (with or without a
 * Content-Length, or without end).
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchArtefact, fetchSharedHistory } from '../../src/engine/share/index.ts';
import { sample } from '../history/samples.ts';

const history = sample('sdk-typescript/signal_workflow_1_13_1.json').bytes;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let server: Server;
let base: string;
const endless = { chunks: 0, dropped: Promise.resolve() };

beforeAll(async () => {
  server = createServer((request, response) => {
    response.setHeader('access-control-allow-origin', '*');
    switch (request.url) {
      case '/history.json':
        return response.end(history);
      case '/history.json.gz':
        return response.end(gzipSync(history));
      case '/big':
        response.setHeader('content-length', String(64 * 2 ** 20));
        return response.end();
      case '/endless': {
        // Chunked, no length, never ends: only the client's limit stops it.
        const chunk = Buffer.alloc(64 * 1024, 1);
        const write = () => {
          endless.chunks++;
          if (response.write(chunk)) setImmediate(write);
          else response.once('drain', write);
        };
        endless.dropped = new Promise((resolve) =>
          response.on('close', () => {
            response.removeAllListeners('drain');
            resolve();
          }),
        );
        return write();
      }
      default:
        response.statusCode = 404;
        return response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('an artefact named by URL', () => {
  it('loads a history, plain or gzip, checking the pinned hash', async () => {
    for (const path of ['/history.json', '/history.json.gz']) {
      const result = await fetchSharedHistory(`${base}${path}`);
      if (!result.ok) throw new Error(result.error.message);
      expect(result.value.loaded.events.length).toBe(24);
    }
    const pinned = await fetchSharedHistory(`${base}/history.json`, sha256(history));
    expect(pinned.ok).toBe(true);
  });

  it('is refused when it is not the file the link was made with', async () => {
    const result = await fetchSharedHistory(`${base}/history.json`, '0'.repeat(64));
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'content-mismatch',
        message: `the history at ${base}/history.json is not the one the link was made with: its SHA-256 is ${sha256(history)}, the link expects ${'0'.repeat(64)} (it was rebuilt or replaced since)`,
      },
    });
  });

  it('says what failed: a missing file, a server that is not there', async () => {
    expect(await fetchArtefact(`${base}/missing.wasm`, { what: 'the component' })).toEqual({
      ok: false,
      error: {
        code: 'fetch-failed',
        message: `could not fetch the component from ${base}/missing.wasm: HTTP 404 Not Found`,
      },
    });
    const gone = await fetchArtefact('http://127.0.0.1:9/c.wasm', { what: 'the component' });
    expect(gone.ok).toBe(false);
    if (!gone.ok) {
      expect(gone.error.code).toBe('fetch-failed');
      // Node names the reason; a browser gives none and is told about CORS (fetch-failure.test.ts).
      expect(gone.error.message).toMatch(
        /^could not fetch the component from http:\/\/127\.0\.0\.1:9\/c\.wasm: fetch failed \(./,
      );
    }
  });

  it('stops at the limit: a declared length over it, or a body that never ends', async () => {
    const big = await fetchArtefact(`${base}/big`, { what: 'the component', maxBytes: 2 ** 20 });
    expect(big.ok || big.error.code).toBe('too-large');
    const result = await fetchArtefact(`${base}/endless`, {
      what: 'the history',
      maxBytes: 2 ** 20,
    });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'too-large',
        message: `the history at ${base}/endless is larger than 1 MiB, the most Workflow Playground opens`,
      },
    });
    // The client dropped the connection instead of reading the rest.
    await endless.dropped;
    expect(endless.chunks * 64 * 1024).toBeLessThan(64 * 2 ** 20);
  });
});
