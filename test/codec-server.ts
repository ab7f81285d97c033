/**
 * A real codec server for the tests, speaking Temporal's protocol over HTTP: `POST /decode` with
 * `{"payloads": [...]}` in proto3 JSON (bytes base64), answering the same shape. Its codec
 * "decrypts" `binary/encrypted` payloads (XOR 0x5a) back to what they held; others pass through.
 * It answers CORS preflights as a codec server for the Web UI must.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const b64 = (s: string) => Buffer.from(s).toString('base64');
const ENCRYPTED = b64('binary/encrypted');

function decode(p: JsonPayload): JsonPayload {
  if (p.metadata?.['encoding'] !== ENCRYPTED) return p;
  const data = Buffer.from(p.data ?? '', 'base64').map((b) => b ^ 0x5a);
  return { metadata: { encoding: b64('json/plain') }, data: Buffer.from(data).toString('base64') };
}

export interface CodecServer {
  url: string;
  /** The X-Namespace header of every /decode request received. */
  namespaces: string[];
  close(): Promise<void>;
}

export async function startCodecServer(): Promise<CodecServer> {
  const namespaces: string[] = [];
  const server: Server = createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
    res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', 'Content-Type, X-Namespace, Authorization');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    if (req.method !== 'POST' || req.url !== '/decode') return void res.writeHead(404).end();
    namespaces.push(String(req.headers['x-namespace'] ?? ''));
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const { payloads } = JSON.parse(body) as { payloads: JsonPayload[] };
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ payloads: payloads.map(decode) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    namespaces,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
