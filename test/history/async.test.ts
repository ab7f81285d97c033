/** gzip, Blobs and URLs: what `loadHistoryAsync` adds to the synchronous loader. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryError, loadHistory, loadHistoryAsync } from '../../src/engine/history/index.ts';
import { HistoryEventType, type HistoryEvent } from '../../src/engine/history/events.ts';
import { sample } from './samples.ts';

const plain = (events: HistoryEvent[]) =>
  events.map((e) =>
    HistoryEventType.toObject(e as never, { enums: String, longs: String, bytes: String }),
  );

describe('loadHistoryAsync', () => {
  const json = sample('sdk-typescript/signal_workflow_1_13_1.json').bytes;
  const bin = sample('sdk-core/timer_workflow_history.bin').bytes;

  it('reads gzip of JSON and of binary histories (Node zlib compressed them)', async () => {
    for (const bytes of [json, bin]) {
      const zipped = await loadHistoryAsync(gzipSync(bytes), { name: 'h.gz' });
      expect(zipped.format.gzip).toBe(true);
      expect(plain(zipped.events)).toEqual(plain(loadHistory(bytes).events));
    }
  });

  it('reads plain input and Blobs too', async () => {
    expect((await loadHistoryAsync(bin)).format).toEqual({ kind: 'binary', gzip: false });
    expect((await loadHistoryAsync(new Blob([gzipSync(json)]))).format.kind).toBe('json');
  });

  it('rejects corrupt gzip with a HistoryError', async () => {
    const zipped = gzipSync(json);
    const corrupt = zipped.subarray(0, zipped.length / 2);
    await expect(loadHistoryAsync(corrupt, { name: 'h.gz' })).rejects.toMatchObject({
      name: 'HistoryError',
      code: 'bad-gzip',
      source: 'h.gz',
    });
  });

  it('undoes gzip inside gzip, and says plainly when there are too many layers', async () => {
    const twice = await loadHistoryAsync(gzipSync(gzipSync(bin)), { name: 'h.gz.gz' });
    expect(twice.format).toEqual({ kind: 'binary', gzip: true });
    expect(plain(twice.events)).toEqual(plain(loadHistory(bin).events));
    const four = gzipSync(gzipSync(gzipSync(gzipSync(json))));
    const error = await loadHistoryAsync(four, { name: 'h.gz' }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'bad-gzip',
      message: 'h.gz: the input is gzip-compressed more than 3 times over; decompress it first',
    });
  });

  it('a refused connection says why and where', async () => {
    // A port that was just free: nothing listens there.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const url = `http://127.0.0.1:${port}/h.json`;
    const error = await loadHistoryAsync(new URL(url)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'fetch-failed', source: url });
    expect((error as HistoryError).message).toBe(
      `${url}: could not fetch: fetch failed (connect ECONNREFUSED 127.0.0.1:${port})`,
    );
  });

  describe('from a URL', () => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      server = createServer((req, res) => {
        if (req.url === '/h.json') res.end(json);
        else if (req.url === '/h.json.gz') res.end(gzipSync(json));
        else if (req.url === '/endless') {
          // No Content-Length, and more than any limit: only the reader's limit stops it.
          const write = () => {
            while (res.write(Buffer.alloc(64 * 1024, 0x20)));
          };
          res.on('drain', write);
          res.on('close', () => res.off('drain', write));
          write();
        } else res.writeHead(404, 'Not Found').end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('fetches, names the source after the URL, and unzips', async () => {
      const loaded = await loadHistoryAsync(new URL(`${base}/h.json.gz`));
      expect(loaded.source).toBe(`${base}/h.json.gz`);
      expect(loaded.events.length).toBe(24);
      expect((await loadHistoryAsync(new URL(`${base}/h.json`))).format.gzip).toBe(false);
    });

    it('stops a download, and an inflation, at the size limit, naming it', async () => {
      const endless = await loadHistoryAsync(new URL(`${base}/endless`), {
        maxBytes: 2 ** 20,
      }).catch((e: unknown) => e);
      expect(endless).toMatchObject({
        code: 'too-large',
        message: `${base}/endless: the download is larger than 1 MiB, the most a history may take (a decompression bomb, or not a history)`,
      });
      const zipped = gzipSync(Buffer.alloc(2 ** 20 + 1, 0x20));
      const inflated = await loadHistoryAsync(zipped, { name: 'h.gz', maxBytes: 2 ** 20 }).catch(
        (e: unknown) => e,
      );
      expect(inflated).toMatchObject({
        code: 'too-large',
        message:
          'h.gz: the inflated gzip data is larger than 1 MiB, the most a history may take (a decompression bomb, or not a history)',
      });
    });

    it('reports HTTP errors', async () => {
      const error = await loadHistoryAsync(new URL(`${base}/missing`)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HistoryError);
      expect((error as HistoryError).message).toBe(
        `${base}/missing: the server answered 404 Not Found`,
      );
    });
  });
});
