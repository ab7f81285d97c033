/**
 * Loading workflow code by content: the same bytes load once (SHA-256 cache), a URL is fetched
 * with errors that name it, and components and seed-ABI modules go to their own runners.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostError } from '../../src/engine/host/errors.ts';
import { CodeCache, fetchCode } from '../../src/engine/host/load.ts';
import { sha256Hex } from '../../src/engine/host/sha256.ts';
import { guestComponent, randomBytes, watModule } from './fixtures.ts';

describe('the load cache', () => {
  it('hashes with SHA-256 (the same digest as node:crypto)', async () => {
    const bytes = randomBytes(100_000);
    expect(await sha256Hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('loads the same component once, however often it is opened', async () => {
    const cache = new CodeCache();
    const bytes = await guestComponent('ticker');
    const first = await cache.load(bytes, 'ticker.wasm');
    const again = await cache.load(bytes.slice(), 'copy.wasm');
    expect(first.cached).toBe(false);
    expect(again.cached).toBe(true);
    expect(again.hash).toBe(first.hash);
    expect(again.code).toBe(first.code);
  });

  it('keeps the most recently used entries up to its capacity', async () => {
    const cache = new CodeCache(2);
    const [a, b, c] = await Promise.all(['complete', 'fail', 'returns'].map(watModule));
    await cache.load(a!, 'a');
    await cache.load(b!, 'b');
    await cache.load(a!, 'a'); // a is now the most recent
    await cache.load(c!, 'c'); // evicts b
    expect(cache.size).toBe(2);
    expect((await cache.load(a!, 'a')).cached).toBe(true);
    expect((await cache.load(b!, 'b')).cached).toBe(false);
  });

  it('does not keep a failed load', async () => {
    const cache = new CodeCache();
    const bytes = await watModule('not-seed');
    await expect(cache.load(bytes, 'x')).rejects.toBeInstanceOf(HostError);
    expect(cache.size).toBe(0);
  });
});

describe('loading from a URL', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    const body = await watModule('complete');
    server = createServer((req, res) => {
      if (req.url === '/complete.wasm') {
        res.writeHead(200, { 'content-type': 'application/wasm' }).end(body);
      } else res.writeHead(404, 'Not Found').end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('fetches the bytes', async () => {
    const bytes = await fetchCode(`${base}/complete.wasm`);
    expect(Buffer.from(bytes).equals(Buffer.from(await watModule('complete')))).toBe(true);
  });

  it('says which URL failed and how', async () => {
    await expect(fetchCode(`${base}/missing.wasm`)).rejects.toThrow(
      `Could not fetch ${base}/missing.wasm: HTTP 404 Not Found`,
    );
    await expect(fetchCode('http://127.0.0.1:1/x.wasm')).rejects.toMatchObject({
      code: 'fetch-failed',
      message: expect.stringMatching(/^Could not fetch http:\/\/127\.0\.0\.1:1\/x\.wasm: /),
    });
  });
});
