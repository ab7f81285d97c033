/**
 * Histories read from a real Temporal server (the local dev server) by workflow id and by
 * visibility query: the CLI's `inspect`, `convert` and `replay` with `--address --workflow-id`
 * (and a codec server, as Temporal's CLI takes one), `replay --query` over a few dozen executions
 * with two versions of a workflow, and the bridge opening a workflow by id for the page from a
 * server the page names. The oracle for what the server holds is Temporal's own TypeScript client.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { History } from '../../src/engine/proto/index.ts';
import type { BridgeMode } from '../../src/node/bridge/bridge.ts';
import { buildComponent } from '../../src/node/build/build-component.ts';
import { startDevServer, type DevServer } from '../../src/node/server/devserver.ts';
import {
  clientPage,
  eventually,
  ofKind,
  replayOf,
  greetHistory,
  startBridge,
  stopStarted,
} from '../bridge/harness.ts';
import { helloComponent } from '../host/fixtures.ts';
import { REPO } from '../paths.ts';

const BIN = join(REPO, 'bin', 'workflow-playground.js');
/** Long enough for a cold Go build on a busy machine. */
const BUILD_TIMEOUT_MS = 45 * 60_000;
const QUEUE = 'from-server';
/** Names for the query replay: those starting with B diverge under greet-v2. */
const NAMES = Array.from({ length: 24 }, (_, i) => `${i % 3 === 0 ? 'B' : 'A'}${i}`);

let server: DevServer;
let connection: Connection;
let client: Client;
let dir: string;
let helloPath: string;
let v2Path: string;

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += String(d)));
  child.stderr.on('data', (d: Buffer) => (stderr += String(d)));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

function live(taskQueue: string): BridgeMode {
  return {
    kind: 'live',
    live: {
      connection: { address: server.address, namespace: 'default', grpcMeta: {} },
      taskQueue,
      maxInFlight: 2,
      maxCachedWorkflows: 4,
      identity: 'from-server-test',
      version: '0.1.0',
    },
  };
}

beforeAll(async () => {
  server = await startDevServer({ port: 0 });
  connection = await Connection.connect({ address: server.address });
  client = new Client({ connection, namespace: 'default' });
  dir = mkdtempSync(join(tmpdir(), 'wp-from-server-'));
  helloPath = join(dir, 'hello.wasm');
  writeFileSync(helloPath, await helloComponent());
  v2Path = join(dir, 'greet-v2.wasm');
  const v2 = await buildComponent(join(REPO, 'test', 'server', 'fixtures', 'greet-v2.ts'));
  writeFileSync(v2Path, v2.component);

  // hello (version 1) runs every workflow to completion on the server, as a worker.
  await startBridge({
    mode: live(QUEUE),
    component: { bytes: await helloComponent(), label: 'hello.wasm' },
  });
  const handles = await Promise.all(
    NAMES.map((name) =>
      client.workflow.start('greet', {
        taskQueue: QUEUE,
        workflowId: `greet-${name}`,
        args: [name],
      }),
    ),
  );
  for (const handle of handles) await handle.result();
  await stopStarted();
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await stopStarted();
  await connection?.close();
  if (server) expect(await server.stop()).toBe(0);
});

describe('inspect, convert and replay a workflow by id', () => {
  it('inspect prints the history the server recorded', async () => {
    const recorded = (await client.workflow.getHandle('greet-A1').fetchHistory()).events ?? [];
    const { code, stdout } = await cli([
      'inspect',
      '--address',
      server.address,
      '--workflow-id',
      'greet-A1',
      '--json',
    ]);
    expect(code).toBe(0);
    const [outline] = JSON.parse(stdout).histories;
    expect(outline.input).toMatch(new RegExp(`^${server.address}/default/greet-A1/[0-9a-f-]{36}$`));
    expect(outline.history.summary).toMatchObject({
      workflowId: 'greet-A1',
      workflowType: 'greet',
      eventCount: recorded.length,
      status: 'completed',
    });
  });

  it('convert writes the same events the client reads, and replay checks them with the component', async () => {
    const handle = client.workflow.getHandle('greet-B0');
    const recorded = (await handle.fetchHistory()).events ?? [];
    const { runId } = await handle.describe();
    const converted = await cli([
      'convert',
      '--address',
      server.address,
      '--workflow-id',
      'greet-B0',
      '--run-id',
      runId,
    ]);
    expect(converted.code).toBe(0);
    const events = JSON.parse(converted.stdout).events as { eventId: string; eventType: string }[];
    expect(events.map((e) => [Number(e.eventId), e.eventType])).toEqual(
      recorded.map((e) => [Number(e.eventId), temporal.api.enums.v1.EventType[e.eventType!]]),
    );

    const ok = await cli([
      'replay',
      '--component',
      helloPath,
      '--address',
      server.address,
      '--workflow-id',
      'greet-B0',
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`ok +${server.address}/default/greet-B0/${runId}`));
    const bad = await cli([
      'replay',
      '--component',
      v2Path,
      '--address',
      server.address,
      '--workflow-id',
      'greet-B0',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('NONDETERMINISM');
  });

  it('an unknown workflow id and an unreachable server are said plainly', async () => {
    const missing = await cli(['inspect', '--address', server.address, '--workflow-id', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`no workflow nope in namespace default on ${server.address}`);
    const wrongRun = await cli([
      'convert',
      '--address',
      server.address,
      '--workflow-id',
      'greet-A1',
      '--run-id',
      '00000000-0000-4000-8000-000000000000',
    ]);
    expect(wrongRun.code).toBe(1);
    expect(wrongRun.stderr).toContain(
      'no workflow greet-A1 with run 00000000-0000-4000-8000-000000000000 in namespace default',
    );
    // A port nothing listens on (the server's own port + 1 is not guaranteed free; port 1 is).
    const down = await cli(['replay', '--address', '127.0.0.1:1', '--workflow-id', 'x']);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain(
      'could not connect to a Temporal server at 127.0.0.1:1: nothing is listening there (connection refused)',
    );
    const usage = await cli([
      'inspect',
      '--address',
      server.address,
      'some.json',
      '--workflow-id',
      'x',
    ]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('not both');
  });
});

/**
 * A codec that reverses the bytes of the whole encoded payload: what the server stores is
 * unreadable without it. Temporal's client encodes with it; our codec server decodes.
 */
const reversing: PayloadCodec = {
  async encode(payloads: Payload[]) {
    return payloads.map((p) => ({
      metadata: { encoding: Buffer.from('binary/reversed') },
      data: Buffer.from(temporal.api.common.v1.Payload.encode(p).finish()).reverse(),
    }));
  },
  async decode(payloads: Payload[]) {
    return payloads.map((p) =>
      temporal.api.common.v1.Payload.decode(Buffer.from(p.data!).reverse()),
    );
  },
};

/** A codec server (Temporal's /decode protocol) for `reversing`, requiring an Authorization. */
async function codecServer(): Promise<{ url: string; server: Server; seen: string[] }> {
  const seen: string[] = [];
  const http = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += String(chunk)));
    request.on('end', () => {
      void (async () => {
        seen.push(
          `${request.url} ${request.headers['x-namespace']} ${request.headers.authorization}`,
        );
        if (request.headers.authorization !== 'Bearer letmein') {
          response.writeHead(401).end();
          return;
        }
        const { payloads } = JSON.parse(body) as { payloads: unknown[] };
        const decoded = await reversing.decode(
          payloads.map((p) => temporal.api.common.v1.Payload.fromObject(p as object)),
        );
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(
          JSON.stringify({
            payloads: decoded.map((p) =>
              temporal.api.common.v1.Payload.toObject(p as temporal.api.common.v1.Payload, {
                bytes: String,
              }),
            ),
          }),
        );
      })();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/codec/{namespace}`, server: http, seen };
}

describe('a codec server', () => {
  it('decodes the payloads of a fetched history, as --codec-endpoint does in Temporal’s CLI', async () => {
    const encoding = new Client({
      connection,
      namespace: 'default',
      dataConverter: { payloadCodecs: [reversing] },
    });
    await encoding.workflow.start('greet', {
      taskQueue: 'nobody-polls-this',
      workflowId: 'encoded-1',
      args: ['Grace'],
    });
    const input = (out: string) =>
      JSON.parse(out).events[0].workflowExecutionStartedEventAttributes.input.payloads[0];
    const plain = await cli(['convert', '--address', server.address, '--workflow-id', 'encoded-1']);
    expect(plain.code).toBe(0);
    expect(Buffer.from(input(plain.stdout).metadata.encoding, 'base64').toString()).toBe(
      'binary/reversed',
    );

    const codec = await codecServer();
    try {
      const decoded = await cli([
        'convert',
        '--address',
        server.address,
        '--workflow-id',
        'encoded-1',
        '--codec-endpoint',
        codec.url,
        '--codec-auth',
        'Bearer letmein',
      ]);
      expect(decoded.code).toBe(0);
      const payload = input(decoded.stdout);
      expect(Buffer.from(payload.metadata.encoding, 'base64').toString()).toBe('json/plain');
      expect(Buffer.from(payload.data, 'base64').toString()).toBe('"Grace"');
      expect(codec.seen[0]).toBe('/codec/default/decode default Bearer letmein');

      const refused = await cli([
        'inspect',
        '--address',
        server.address,
        '--workflow-id',
        'encoded-1',
        '--codec-endpoint',
        codec.url,
      ]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('/codec/default/decode answered 401');
    } finally {
      codec.server.close();
    }
  });
});

describe('replay --query: every execution a visibility query lists', () => {
  const query = `WorkflowType="greet" AND TaskQueue="${QUEUE}"`;

  it('replays all cleanly with the code that recorded them', async () => {
    const { code, stdout } = await cli([
      'replay',
      '--component',
      helloPath,
      '--address',
      server.address,
      '--query',
      query,
      '--parallel',
      '2',
    ]);
    expect(stdout).toContain(`${NAMES.length} execution(s) match`);
    expect(stdout).toContain(`${NAMES.length} replayed cleanly, 0 failed`);
    expect(code).toBe(0);
  });

  it('finds each run a changed workflow no longer replays, with JUnit and JSON reports', async () => {
    const junit = join(dir, 'replay.xml');
    const { code, stdout } = await cli([
      'replay',
      '--component',
      v2Path,
      '--address',
      server.address,
      '--query',
      query,
      '--parallel',
      '2',
      '--json',
      '--junit',
      junit,
    ]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as {
      histories: { input: string; verdict: { kind: string } }[];
    };
    const verdicts = Object.fromEntries(
      report.histories.map((h) => [h.input.split('/')[2], h.verdict.kind]),
    );
    // The oracle is the names chosen above: exactly those starting with B diverge.
    expect(verdicts).toEqual(
      Object.fromEntries(
        NAMES.map((n) => [`greet-${n}`, n.startsWith('B') ? 'nondeterminism' : 'ok']),
      ),
    );
    const xml = readFileSync(junit, 'utf8');
    const failures = NAMES.filter((n) => n.startsWith('B')).length;
    expect(xml).toContain(`tests="${NAMES.length}" failures="${failures}"`);
    expect(xml).toMatch(
      new RegExp(
        `name="${server.address}/default/greet-B3/[0-9a-f-]{36}"[^>]*>\\s*<failure type="nondeterminism"`,
      ),
    );

    const limited = await cli([
      'replay',
      '--component',
      helloPath,
      '--address',
      server.address,
      '--query',
      query,
      '--limit',
      '5',
      '--json',
    ]);
    expect(limited.code).toBe(0);
    expect(JSON.parse(limited.stdout).histories).toHaveLength(5);
  });

  it('a query the server refuses is said as such', async () => {
    const { code, stderr } = await cli([
      'replay',
      '--address',
      server.address,
      '--query',
      'WorkflowType = = "greet"',
    ]);
    expect(code).toBe(1);
    expect(stderr).toContain('the server refused the query');
  });
});

describe('the bridge opens a workflow by id from the server the page names', () => {
  it('in fetch mode, from its own server and by name; an unknown id and a dead server are told apart', async () => {
    const { bridge } = await startBridge({
      mode: {
        kind: 'fetch',
        connection: { address: server.address, namespace: 'default', grpcMeta: {} },
      },
    });
    const page = await clientPage(bridge, await helloComponent());
    const welcome = await eventually(() => ofKind(page.events, 'welcome')[0], 'the welcome');
    expect(welcome.welcome).toMatchObject({
      mode: 'fetch',
      server: { address: server.address, namespace: 'default' },
    });
    const recorded = (await client.workflow.getHandle('greet-A2').fetchHistory()).events ?? [];
    const fetched = await page.client.fetchHistory('greet-A2', undefined, {
      address: server.address,
      namespace: 'default',
    });
    expect(History.decode(fetched.history).events?.map((e) => Number(e.eventId))).toEqual(
      recorded.map((e) => Number(e.eventId)),
    );
    const own = await page.client.fetchHistory('greet-A2');
    expect(own.events).toBe(recorded.length);
    await expect(
      page.client.fetchHistory('nope', undefined, {
        address: server.address,
        namespace: 'default',
      }),
    ).rejects.toMatchObject({
      code: 'not-found',
      message: expect.stringContaining('no workflow nope'),
    });
    await expect(
      page.client.fetchHistory('x', undefined, { address: '127.0.0.1:1', namespace: 'default' }),
    ).rejects.toMatchObject({
      code: 'unreachable',
      message: expect.stringContaining('connection refused'),
    });
    // The failures left the link up: the next request is answered.
    expect((await page.client.fetchHistory('greet-A2')).events).toBe(recorded.length);
    page.client.close();
  });

  it('a replay-mode bridge serves its history, or the server the page names', async () => {
    const { bridge } = await startBridge({ mode: replayOf(greetHistory()) });
    const page = await clientPage(bridge, await helloComponent());
    await eventually(() => ofKind(page.events, 'welcome')[0], 'the welcome');
    const replayed = await page.client.fetchHistory('wf-bridge');
    expect(replayed.events).toBe(greetHistory().length);
    const fromServer = await page.client.fetchHistory('greet-A4', undefined, {
      address: server.address,
      namespace: 'default',
    });
    expect(fromServer.workflowId).toBe('greet-A4');
    expect(
      History.decode(fromServer.history).events?.[0]?.workflowExecutionStartedEventAttributes?.input
        ?.payloads?.[0]?.data,
    ).toEqual(new TextEncoder().encode('"A4"'));
    page.client.close();
  });
});
