/** The codec server client against a real HTTP server speaking Temporal's /decode protocol. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CodecServerError,
  decodeUrl,
  decodeWithCodecServer,
} from '../../src/engine/proto/codec-server.ts';
import { fromPayload } from '../../src/engine/proto/payload.ts';
import { startCodecServer, type CodecServer } from '../codec-server.ts';

const encrypted = (value: unknown) => ({
  metadata: { encoding: new TextEncoder().encode('binary/encrypted') },
  data: new TextEncoder().encode(JSON.stringify(value)).map((b) => b ^ 0x5a),
});

describe('decoding through a codec server', () => {
  let server: CodecServer;
  beforeAll(async () => {
    server = await startCodecServer();
  });
  afterAll(() => server.close());

  it('posts the payloads and returns them decoded, in order', async () => {
    const plain = {
      metadata: { encoding: new TextEncoder().encode('json/plain') },
      data: new TextEncoder().encode('7'),
    };
    const decoded = await decodeWithCodecServer({ endpoint: server.url, namespace: 'payments' }, [
      encrypted('Temporal'),
      plain,
      encrypted({ n: 1 }),
    ]);
    expect(decoded.map((p) => fromPayload(p))).toEqual(['Temporal', 7, { n: 1 }]);
    expect(server.namespaces.at(-1)).toBe('payments');
  });

  it('fills {namespace} into the endpoint', () => {
    expect(decodeUrl({ endpoint: 'https://codec.example/{namespace}/', namespace: 'a b' })).toBe(
      'https://codec.example/a%20b/decode',
    );
  });

  it('says what went wrong with the server', async () => {
    const broken = createServer((req, res) => {
      if (req.url === '/short/decode') res.writeHead(200).end('{"payloads": []}');
      else res.writeHead(500, 'Boom').end();
    });
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(broken.address() as AddressInfo).port}`;
    try {
      await expect(
        decodeWithCodecServer({ endpoint: base, namespace: 'ns' }, [encrypted(1)]),
      ).rejects.toThrow(`codec server ${base}/decode answered 500 Boom`);
      await expect(
        decodeWithCodecServer({ endpoint: `${base}/short`, namespace: 'ns' }, [encrypted(1)]),
      ).rejects.toThrow('answered with 0 payloads for 1 sent');
    } finally {
      broken.close();
    }
    await expect(
      decodeWithCodecServer({ endpoint: 'http://127.0.0.1:1', namespace: 'ns' }, [encrypted(1)]),
    ).rejects.toBeInstanceOf(CodecServerError);
  });
});
