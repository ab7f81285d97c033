/**
 * Failure behaviour of the bridge, with real sdk-core behind it (replay mode): a page that goes
 * away mid-activation, is too slow, sends garbage or oversized frames, comes back, or is replaced;
 * and connections that must be refused. The failed activation's message is asserted where sdk-core
 * reports it: a LANG_FAIL eviction, i.e. sdk-core failed the workflow task with that failure
 * (against a server, Temporal would retry the task).
 */
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkflowActivationCompletion } from '../../src/engine/proto/index.ts';
import { guestComponent, helloComponent } from '../host/fixtures.ts';
import {
  APP_ORIGIN,
  clientPage,
  eventually,
  greetHistory,
  ofKind,
  RawPage,
  replayOf,
  socketUrl,
  startBridge,
  stopStarted,
  tickerHistory,
} from './harness.ts';

afterEach(stopStarted);

const decodeCompletion = (base64: unknown) =>
  WorkflowActivationCompletion.decode(Buffer.from(String(base64), 'base64'));

describe('a page that goes away', () => {
  it('mid-activation: the activation is failed with the reason, the bridge serves the next page', async () => {
    const { bridge, logs } = await startBridge({ mode: replayOf(greetHistory()) });
    const first = await RawPage.open(bridge);
    first.hello();
    await first.next((f) => f.type === 'request', 'the activate request');
    first.close();

    // sdk-core got a failed completion naming the disconnect, and failed the task (LANG_FAIL).
    const line = await eventually(
      () => logs.find((l) => l.includes('replay of test history:')),
      'the replay verdict',
    );
    expect(line).toMatch(
      /TASK FAILURE at activation 1: workflow-playground bridge: the page disconnected before completing activation 1 \(initializeWorkflow\) of greet wf-bridge run-1 \(the page's connection closed \(1005\)\)/,
    );

    // A page connecting afterwards gets a fresh replay, and completes it.
    const page = await clientPage(bridge, await helloComponent());
    const ended = await eventually(() => ofKind(page.events, 'run-ended')[0], 'the run to end');
    expect(ended.verdict).toMatchObject({ kind: 'ok' });
    page.client.close();
  });

  it('the page client reconnects on its own after its connection drops, and resumes', async () => {
    const { bridge } = await startBridge({ mode: replayOf(tickerHistory(3)) });
    const page = await clientPage(bridge, await guestComponent('ticker'), {
      reconnect: { minMs: 50, maxMs: 200, attempts: 5 },
    });
    await eventually(() => ofKind(page.events, 'run-ended')[0], 'the first replay to end');
    // Drop the connection abruptly (no close frame), as a network failure would.
    const socket = (page.client as unknown as { socket: { terminate(): void } }).socket;
    socket.terminate();
    await eventually(
      () => ofKind(page.events, 'connection').find((e) => e.state === 'reconnecting'),
      'the client to notice',
    );
    // The reconnected page is given a new replay and completes it.
    const ends = await eventually(
      () =>
        ofKind(page.events, 'run-ended').length === 2
          ? ofKind(page.events, 'run-ended')
          : undefined,
      'the second replay to end',
    );
    expect(ends.map((e) => e.verdict?.['kind'])).toEqual(['ok', 'ok']);
    expect(ofKind(page.events, 'welcome')).toHaveLength(2);
    page.client.close();
  });

  it('a page that never answers: the activation is failed after --activation-timeout', async () => {
    const { bridge } = await startBridge({
      mode: replayOf(greetHistory()),
      activationTimeoutMs: 300,
    });
    const page = await RawPage.open(bridge);
    page.hello();
    const done = await page.event('activation-done');
    const body = done['body'] as Record<string, unknown>;
    expect(body['by']).toBe('failed-by-bridge');
    expect(body['reason']).toBe(
      'the page did not complete activation 1 (initializeWorkflow) of greet wf-bridge run-1 within 0.3 s (--activation-timeout)',
    );
    expect(decodeCompletion(body['completion']).failed?.failure?.message).toBe(
      `workflow-playground bridge: ${body['reason']}`,
    );
    const ended = await page.event('run-ended');
    expect((ended['body'] as { verdict: { kind: string } }).verdict.kind).toBe('task-failure');
    // The late answer is dropped quietly: no error frame for it.
    const request = await page.next((f) => f.type === 'request', 'the request');
    page.send({
      type: 'response',
      id: request['id'],
      call: 'activate',
      ok: true,
      result: { completion: '' },
    });
    page.send({ type: 'request', id: 9, call: 'replay', args: {} });
    await page.next((f) => f.type === 'response' && f['id'] === 9, 'the replay answer');
    expect(page.frames.filter((f) => f.type === 'error')).toEqual([]);
    page.close();
  });

  it('a page that stops reading slows sdk-core down instead of filling a buffer', async () => {
    // The bridge runs the component and streams every activation and its trace to the page. The
    // page stops reading: once the kernel's socket buffers are full, nothing more is written
    // out, the bridge stops taking activations from sdk-core, and resumes when the page reads.
    const timers = 4000;
    const { bridge, logs } = await startBridge({
      mode: replayOf(tickerHistory(timers)),
      component: { bytes: await guestComponent('ticker'), label: 'ticker.wasm' },
      highWaterBytes: 16 * 1024,
    });
    const answered = () =>
      logs.filter((l) => l.startsWith('activation ') && !l.includes(': held back')).length;
    const page = await RawPage.open(bridge);
    page.hello();
    await page.next((f) => f.type === 'welcome', 'welcome');
    page.socket.pause();
    // The bridge says when an activation waits for the page: once the page's buffers are full
    // that line stays the last one, with sdk-core's run only part done, until the page reads.
    const stalledAt = await eventually(
      () => logs.at(-1)?.includes(': held back, the page has not read') && answered(),
      'the bridge to hold an activation back',
      60_000,
    );
    expect(stalledAt).toBeLessThan(timers);
    page.socket.resume();
    const ended = await page.event('run-ended');
    expect((ended['body'] as { verdict: { kind: string } }).verdict.kind).toBe('ok');
    expect(page.frames.filter((f) => f['event'] === 'activation-done')).toHaveLength(timers);
    page.close();
  });

  it('a second page takes over; the first is told why', async () => {
    const { bridge } = await startBridge({ mode: replayOf(greetHistory()) });
    const first = await RawPage.open(bridge);
    first.hello();
    await first.next((f) => f.type === 'welcome', 'welcome');
    const second = await RawPage.open(bridge);
    second.hello();
    expect(await first.whenClosed()).toEqual({
      code: 4001,
      reason: 'another page connected to the bridge',
    });
    await second.next((f) => f.type === 'welcome', 'welcome');
    second.close();
  });
});

describe('frames the bridge cannot take', () => {
  it('gets an error frame for each, and the connection stays usable', async () => {
    const { bridge } = await startBridge({ mode: replayOf(greetHistory()), maxFrameBytes: 4096 });
    const page = await RawPage.open(bridge);
    const oversized = JSON.stringify({ type: 'hello', protocol: 2, client: 'x'.repeat(5000) });
    const sent: Array<[object | string | Buffer, string, string]> = [
      ['not json', 'malformed-frame', 'the frame is not JSON: '],
      [Buffer.from([1, 2, 3]), 'malformed-frame', 'binary frames are not part of the protocol'],
      [{ type: 'request', id: 1, call: 'replay', args: {} }, 'unexpected-frame', 'before hello'],
      [
        { type: 'hello', protocol: 'one', client: 'x' },
        'malformed-frame',
        'frame.protocol: expected an integer, got the string "one"',
      ],
      [
        { type: 'goodbye' },
        'malformed-frame',
        'frame.type: expected one of "hello", "request", "response", got the string "goodbye"',
      ],
      [
        { type: 'hello', protocol: 2, client: 'x', extra: true },
        'malformed-frame',
        'frame.extra: is not a field of this message',
      ],
      [
        oversized,
        'frame-too-large',
        `the frame has ${Buffer.byteLength(oversized)} bytes; the limit is 4096`,
      ],
    ];
    for (const [frame, code, message] of sent) {
      const from = page.frames.length;
      page.send(frame);
      const error = await page.next((f) => f.type === 'error', `the error for ${code}`, from);
      expect(error['code']).toBe(code);
      expect(String(error['message'])).toContain(message);
    }
    // After all that, the same connection says hello and works.
    page.hello();
    await page.next((f) => f.type === 'welcome', 'welcome');
    const from = page.frames.length;
    page.send({
      type: 'request',
      id: 7,
      call: 'fetch-history',
      args: { workflowId: 42 },
    });
    expect(await page.next((f) => f.type === 'error', 'the error', from)).toEqual({
      type: 'error',
      code: 'malformed-frame',
      message: 'frame.args.workflowId: expected a string, got number 42',
      id: 7,
    });
    page.send({ type: 'request', id: 8, call: 'fetch-history', args: { workflowId: 'wf' } });
    expect(await page.next((f) => f.type === 'response' && f['id'] === 8, 'the answer')).toEqual({
      type: 'response',
      id: 8,
      call: 'fetch-history',
      ok: false,
      error: {
        code: 'not-found',
        message: 'this bridge replays test history as workflow wf-bridge; it has no history of wf',
      },
    });
    page.close();
  });

  it('a completion that is not a WorkflowActivationCompletion fails the activation, saying so', async () => {
    const { bridge } = await startBridge({ mode: replayOf(greetHistory()) });
    const page = await RawPage.open(bridge);
    page.hello();
    const request = await page.next((f) => f.type === 'request', 'the activate request');
    page.send({
      type: 'response',
      id: request['id'],
      call: 'activate',
      ok: true,
      result: { completion: Buffer.from([0xff, 0xff, 0xff]).toString('base64') },
    });
    const body = (await page.event('activation-done'))['body'] as Record<string, unknown>;
    expect(body['by']).toBe('failed-by-bridge');
    expect(String(body['reason'])).toMatch(
      /^the page's completion is not a coresdk\.workflow_completion\.WorkflowActivationCompletion: .+ \(activation 1 \(initializeWorkflow\) of greet wf-bridge run-1\)$/,
    );
    page.close();
  });

  it('a 5 MB completion (base64 over 3.3 MB) is taken like any other; the bridge stays up', async () => {
    // protobufjs's base64 regular expression overflowed the stack on text this long, and the
    // RangeError escaped the message handler and ended the bridge process.
    const { bridge } = await startBridge({ mode: replayOf(greetHistory()) });
    const page = await RawPage.open(bridge);
    page.hello();
    const request = await page.next((f) => f.type === 'request', 'the activate request');
    const completion = WorkflowActivationCompletion.encode({
      runId: 'run-1',
      successful: {
        commands: [
          { completeWorkflowExecution: { result: { data: new Uint8Array(5 * 1024 * 1024) } } },
        ],
      },
    });
    page.completeActivation(request, completion);
    const body = (await page.event('activation-done'))['body'] as Record<string, unknown>;
    expect(body['by']).toBe('page');
    expect(
      decodeCompletion(body['completion']).successful?.commands?.[0]?.completeWorkflowExecution
        ?.result?.data,
    ).toHaveLength(5 * 1024 * 1024);
    expect(page.frames.filter((f) => f.type === 'error')).toEqual([]);
    page.close();
    const again = await RawPage.open(bridge);
    again.hello();
    await again.next((f) => f.type === 'welcome', 'welcome');
    again.close();
  });

  it("logs a page's text with control characters escaped", async () => {
    const { bridge, logs } = await startBridge({ mode: replayOf(greetHistory()) });
    const page = await RawPage.open(bridge);
    page.send({ type: 'hello', protocol: 2, client: 'evil\x1b[2K\r\x1b[32mok' });
    await page.next((f) => f.type === 'welcome', 'welcome');
    const line = await eventually(
      () => logs.find((l) => l.includes('connected (evil')),
      'the connection logged',
    );
    expect(line).toContain('(evil\\u001b[2K\\u000d\\u001b[32mok, ');
    expect(logs.join('\n')).not.toContain('\x1b');
    page.close();
  });

  it('a frame beyond four times the limit closes the connection (1009); the bridge stays up', async () => {
    const { bridge } = await startBridge({ mode: replayOf(greetHistory()), maxFrameBytes: 1024 });
    const page = await RawPage.open(bridge);
    page.send('x'.repeat(5000));
    expect((await page.whenClosed()).code).toBe(1009);
    const again = await RawPage.open(bridge);
    again.hello();
    await again.next((f) => f.type === 'welcome', 'welcome');
    again.close();
  });

  it('a page speaking another protocol version is told so and closed', async () => {
    const { bridge } = await startBridge({ mode: replayOf(greetHistory()) });
    const page = await RawPage.open(bridge);
    // A version-1 page (before fetch-history named a server) is refused.
    page.hello(1);
    const error = await page.next((f) => f.type === 'error', 'the error');
    expect(error).toEqual({
      type: 'error',
      code: 'protocol-mismatch',
      message: 'the bridge speaks protocol 2, the page 1: update the older one',
    });
    expect((await page.whenClosed()).code).toBe(4002);
  });
});

describe('who may connect', () => {
  /** `token` with its last character changed. */
  const offByOne = (token: string) => token.slice(0, -1) + (token.endsWith('x') ? 'y' : 'x');

  it('refuses a missing or wrong token and a wrong or missing Origin, and says why in its log', async () => {
    const { bridge, logs } = await startBridge({ mode: replayOf(greetHistory()) });
    const base = bridge.socketUrl;
    const cases: Array<[string, { origin?: string }, number, RegExp]> = [
      [
        base,
        { origin: APP_ORIGIN },
        401,
        /refused a connection from 127\.0\.0\.1 \(Origin http:\/\/127\.0\.0\.1:5999\): no token/,
      ],
      [`${base}?token=guess`, { origin: APP_ORIGIN }, 401, /: wrong token/],
      // One character off (a random token ends in 'x' one time in 64: then it was the token).
      [`${base}?token=${offByOne(bridge.token)}`, { origin: APP_ORIGIN }, 401, /: wrong token/],
      [
        socketUrl(bridge),
        { origin: 'http://127.0.0.1:6000' },
        403,
        /Origin http:\/\/127\.0\.0\.1:6000, expected http:\/\/127\.0\.0\.1:5999/,
      ],
      [
        socketUrl(bridge),
        { origin: 'https://evil.example' },
        403,
        /Origin https:\/\/evil\.example, expected/,
      ],
      [
        socketUrl(bridge),
        {},
        403,
        /: no Origin header, expected http:\/\/127\.0\.0\.1:5999 \(set the app's address with --app-url\)/,
      ],
    ];
    for (const [url, headers, status, logged] of cases) {
      const from = logs.length;
      const result = await RawPage.connect(url, headers);
      expect(result).toMatchObject({ refused: status });
      expect(logs.slice(from).join('\n')).toMatch(logged);
    }
    // The token never appears in the log.
    expect(logs.join('\n')).not.toContain(bridge.token);
    // The right token from the right origin gets in.
    const page = await RawPage.open(bridge);
    page.hello();
    await page.next((f) => f.type === 'welcome', 'welcome');
    page.close();
  });

  it('listens on loopback only by default: other interfaces of this machine are closed', async () => {
    const { bridge } = await startBridge({ mode: replayOf(greetHistory()) });
    expect(bridge.socketUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/$/);
    const external = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && !address.internal && address.family === 'IPv4');
    if (!external) return; // No other interface to try on this machine.
    const reached = await new Promise<string>((resolve) => {
      const socket = connect(bridge!.port, external.address);
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });
    expect(reached).toBe('ECONNREFUSED');
  });
});
