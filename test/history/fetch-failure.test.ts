/**
 * What a failed download says. Node's fetch names the reason (a real refused connection here);
 * a browser's bare TypeError gets the CORS explanation (e2e/sources.spec.ts meets it in Chromium).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { fetchFailure } from '../../src/engine/history/fetch-failure.ts';

describe('fetchFailure', () => {
  it("keeps Node's reason", async () => {
    // A port that was just listened on and closed: nothing answers there.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/h.json`;
    await new Promise((resolve) => server.close(resolve));
    const thrown = await fetch(url).catch((e: unknown) => e);
    expect(fetchFailure(url, thrown)).toMatch(/^fetch failed \(.*ECONNREFUSED/);
  });

  it("explains a browser's reasonless failure: the CORS header or no answer, and what to do", () => {
    const text = fetchFailure(
      'https://files.example.com/a/h.json',
      new TypeError('Failed to fetch'),
    );
    expect(text).toContain('(Failed to fetch)');
    expect(text).toContain(
      'The server at https://files.example.com sent no Access-Control-Allow-Origin header (CORS)',
    );
    expect(text).toContain('serve it with "Access-Control-Allow-Origin: *"');
    expect(text).toContain('download the file and drop it on this page');
  });
});
