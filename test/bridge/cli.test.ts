/**
 * `workflow-playground bridge` as users run it (the real bin, a child process): options refused
 * with a message and exit 2, a server that cannot be reached reported with exit 1, and Ctrl+C
 * (SIGINT) with an activation in flight: the page gets a grace period to complete it, after which
 * it is failed back to sdk-core, and the bridge exits cleanly.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { History, WorkflowActivationCompletion } from '../../src/engine/proto/index.ts';
import { toPayload } from '../../src/engine/proto/payload.ts';
import { REPO, historiesDir } from '../paths.ts';
import { APP_ORIGIN, RawPage, eventually, greetHistory } from './harness.ts';

const BIN = join(REPO, 'bin', 'workflow-playground.js');
/** A real recorded history (sdk-core's test suite). */
const HISTORY = join(historiesDir('sdk-core'), 'timer_workflow_history.bin');

function run(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, 'bridge', ...args], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** As `run`, without blocking this process (which may be serving the bridge's peer). */
function runAsync(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const bridge = spawn(process.execPath, [BIN, 'bridge', ...args], { cwd: REPO });
  let stderr = '';
  bridge.stderr.on('data', (d: Buffer) => (stderr += String(d)));
  return new Promise((resolve) => bridge.on('exit', (code) => resolve({ code, stderr })));
}

/** A port nothing listens on: taken from the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('options', () => {
  it.each([
    // Neither --replay nor --task-queue is fetch mode, where these mean nothing.
    [
      ['--once'],
      '--once, --workflow-id and --component need --replay <history> or --task-queue <queue>',
    ],
    [['--replay', 'h.json', '--task-queue', 'q'], '--replay and --task-queue exclude each other'],
    [['--replay', 'no-such-history.json'], '--replay no-such-history.json: no such file'],
    [
      ['--task-queue', 'q', '--address', 'http://127.0.0.1:7233'],
      '--address http://127.0.0.1:7233: give host:port (e.g. 127.0.0.1:7233), not a URL',
    ],
    [
      ['--task-queue', 'q', '--address', 'host:99999'],
      '--address host:99999: the port must be 1 to 65535',
    ],
    [['--task-queue', 'q', '--once'], '--once and --workflow-id belong to replay mode (--replay)'],
    [
      ['--task-queue', 'q', '--activation-timeout', 'soon'],
      '--activation-timeout soon: expected a number of seconds or a duration such as 500ms, 10s or 2m, more than 0',
    ],
    [['--task-queue', 'q', '--grpc-meta', 'novalue'], '--grpc-meta novalue: expected key=value'],
    [['--task-queue', 'q', '--app-url', 'not a url'], '--app-url not a url: not a URL'],
    [
      ['--task-queue', 'q', '--app-url', 'file:///app/index.html'],
      '--app-url file:///app/index.html: the app must be served over http or https',
    ],
    [
      ['--task-queue', 'q', '--max-in-flight', '0'],
      '--max-in-flight 0: expected a whole number of at least 1',
    ],
    [['--task-queue', 'q', '--bogus'], "Unknown option '--bogus'"],
  ])('%j is refused: %s', (args, message) => {
    const { code, stderr } = run(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain('usage:');
  });

  it.each([
    [['--tls-cert-path', 'cert.pem'], '--tls-cert-path cert.pem: no such file'],
    [
      ['--tls-cert-data', 'CERT'],
      'a client certificate needs its key and the key its certificate: give both --tls-cert-path and --tls-key-path',
    ],
    [
      ['--tls-disable-host-verification'],
      "--tls-disable-host-verification: sdk-core's client always verifies the server's name; use --tls-server-name",
    ],
    [
      ['--no-tls', '--tls-server-name', 'x'],
      'TLS files or a server name were given but TLS is off (--no-tls)',
    ],
    [
      ['--api-key', 'k', '--grpc-meta', 'Authorization=Bearer x'],
      '--api-key and an authorization header in --grpc-meta exclude each other',
    ],
  ])('connection options %j are refused before connecting: %s', async (args, message) => {
    const { code, stderr } = run([
      '--task-queue',
      'q',
      '--address',
      `127.0.0.1:${await closedPort()}`,
      ...args,
    ]);
    expect(stderr).toContain(message);
    expect(code).toBe(2);
  });
});

describe('starting', () => {
  it('says when the port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const { code, stderr } = await runAsync(['--replay', HISTORY, '--port', String(port)]);
      expect(code).toBe(1);
      expect(stderr).toBe(
        `workflow-playground bridge: 127.0.0.1:${port} is already in use (another bridge?): choose another port with --port\n`,
      );
    } finally {
      taken.close();
    }
  });
});

describe('live mode without a reachable server', () => {
  it('says nothing listens at the address, and how to start a server', async () => {
    const port = await closedPort();
    const { code, stderr, stdout } = run(['--task-queue', 'q', '--address', `127.0.0.1:${port}`]);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `workflow-playground bridge: could not connect to a Temporal server at 127.0.0.1:${port}: ` +
        'nothing is listening there (connection refused). Start one with `temporal server start-dev`, ' +
        'or point --address at yours.\n',
    );
    expect(stdout).toBe('');
  });

  it('reads the address from TEMPORAL_ADDRESS as the temporal CLI does', async () => {
    const port = await closedPort();
    const { code, stderr } = run(['--task-queue', 'q'], { TEMPORAL_ADDRESS: `127.0.0.1:${port}` });
    expect(code).toBe(1);
    expect(stderr).toContain(`could not connect to a Temporal server at 127.0.0.1:${port}`);
  });

  it('says when what answers is not a gRPC server', async () => {
    const server = createHttpServer((_request, response) => response.end('hello'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const { code, stderr } = await runAsync([
        '--task-queue',
        'q',
        '--address',
        `127.0.0.1:${port}`,
      ]);
      expect(code).toBe(1);
      expect(stderr).toContain(
        `could not connect to a Temporal server at 127.0.0.1:${port}: what answers there hung up or does not speak gRPC`,
      );
    } finally {
      server.close();
    }
  });
});

describe('Ctrl+C with an activation in flight', () => {
  let child: ChildProcessWithoutNullStreams | undefined;
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    child = undefined;
  });

  /** Starts the bridge on a history; resolves once it printed its address and token. */
  async function startCli(extra: string[] = []) {
    const dir = mkdtempSync(join(tmpdir(), 'bridge-'));
    const file = join(dir, 'greet.bin');
    writeFileSync(file, History.encode({ events: greetHistory() }));
    child = spawn(
      process.execPath,
      [BIN, 'bridge', '--replay', file, '--port', '0', '--app-url', `${APP_ORIGIN}/`, ...extra],
      { cwd: REPO },
    );
    const output = { stdout: '', stderr: '' };
    child.stdout.on('data', (d: Buffer) => (output.stdout += String(d)));
    child.stderr.on('data', (d: Buffer) => (output.stderr += String(d)));
    const exited = new Promise<number | null>((resolve) =>
      child!.on('exit', (code) => resolve(code)),
    );
    const [, port, token] = await eventually(
      () =>
        /listening on ws:\/\/127\.0\.0\.1:(\d+)\/[^\n]*\n\s+token: (\S+)/.exec(output.stdout) ??
        undefined,
      'the bridge to start',
      60_000,
    );
    const page = await RawPage.connect(`ws://127.0.0.1:${port}/?token=${token}`);
    if (!(page instanceof RawPage)) throw new Error('refused');
    page.hello();
    const request = await page.next((f) => f.type === 'request', 'the activate request');
    return { page, request, output, exited, child: child! };
  }

  it('fails the activation after the grace period, tells the page, shuts down and exits 0', async () => {
    const { page, output, exited, child: bridge } = await startCli(['--shutdown-grace', '300ms']);
    bridge.kill('SIGINT');
    await page.next(
      (f) =>
        f.type === 'event' &&
        JSON.stringify(f['body']) ===
          JSON.stringify({
            state: 'shutting-down',
            message: 'the bridge is shutting down (SIGINT)',
          }),
      'the page to be told',
    );
    const body = (await page.event('activation-done'))['body'] as Record<string, unknown>;
    expect(body['by']).toBe('failed-by-bridge');
    expect(body['reason']).toBe(
      'it shut down before the page completed activation 1 (initializeWorkflow) of greet fake run-1',
    );
    expect(await page.whenClosed()).toEqual({ code: 1001, reason: 'the bridge is shutting down' });
    expect(await exited).toBe(0);
    // sdk-core was handed the failure: the replay ended with it.
    expect(output.stdout).toContain(
      'TASK FAILURE at activation 1: workflow-playground bridge: it shut down before the page completed activation 1',
    );
    expect(output.stdout).toMatch(/bridge: stopped\n$/);
  });

  it('lets the page finish the activation within the grace period', async () => {
    const {
      page,
      request,
      output,
      exited,
      child: bridge,
    } = await startCli(['--shutdown-grace', '20s']);
    bridge.kill('SIGINT');
    await page.next(
      (f) => f.type === 'event' && (f['body'] as { state?: string }).state === 'shutting-down',
      'the page to be told',
    );
    // The page completes greet as hello would (hand-written: complete with the greeting).
    const args = request['args'] as { run: { runId: string } };
    const completion = WorkflowActivationCompletion.encode({
      runId: args.run.runId,
      successful: {
        commands: [
          { completeWorkflowExecution: { result: toPayload('Hello, Temporal! (from greet)') } },
        ],
      },
    });
    page.completeActivation(request, completion);
    const body = (await page.event('activation-done'))['body'] as Record<string, unknown>;
    expect(body['by']).toBe('page');
    expect(await exited).toBe(0);
    expect(output.stdout).toContain(
      'ok: sdk-core replayed the history to event 5 without nondeterminism',
    );
  });

  it('a second Ctrl+C stops at once', async () => {
    const { exited, output, child: bridge } = await startCli(['--shutdown-grace', '60s']);
    bridge.kill('SIGINT');
    await eventually(() => output.stdout.includes('bridge: shutting down (SIGINT)'), 'shutdown');
    bridge.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(output.stderr).toContain('stopped without finishing (second signal)');
  });
});
