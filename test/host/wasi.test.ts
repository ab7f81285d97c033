/**
 * WASI for components from other toolchains: answered deterministically from the activation and
 * recorded as hazards. The components are real (`guests/*.js` componentized with the clocks,
 * random and stdio features, or http), so they import WASI exactly as such guests do.
 */
import Long from 'long';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadComponent, type LoadedComponent } from '../../src/engine/host/component.ts';
import { WorkflowRunDriver } from '../../src/engine/host/driver.ts';
import type { ActivationCompletion } from '../../src/engine/host/run.ts';
import { firstActivation } from '../../src/engine/host/start.ts';
import type { HazardEntry, LogEntry } from '../../src/engine/host/trace.ts';
import { traceViews } from '../../src/engine/host/trace-view.ts';
import { DeterministicWasi } from '../../src/engine/host/wasi/deterministic-wasi.ts';
import type { WasiCall } from '../../src/engine/host/wasi/hazard.ts';
import { SplitMix64 } from '../../src/engine/host/wasi/prng.ts';
import { fromPayload } from '../../src/engine/proto/payload.ts';
import { guestComponent } from './fixtures.ts';

const START_MS = Date.UTC(2024, 1, 29, 12, 30, 15, 250);

/** First activation of the wasi-user workflow with a given time and randomness seed. */
function start(seed: number) {
  const started = firstActivation({ workflowType: 'wasi-user', args: [], startTimeMs: START_MS });
  started.activation.jobs![0]!.initializeWorkflow!.randomnessSeed = Long.fromNumber(seed, true);
  return started;
}

interface Seen {
  now: number;
  random: number[];
  bytes: number[];
}

function resultOf(completion: ActivationCompletion): Seen {
  if (completion.status !== 'success') throw new Error(`task failed: ${completion.message}`);
  return fromPayload(completion.commands[0]?.completeWorkflowExecution?.result) as Seen;
}

describe('a component that imports WASI clocks, random and stdio', () => {
  let component: LoadedComponent;
  beforeAll(async () => {
    component = await loadComponent(await guestComponent('wasi-user'), 'wasi-user.wasm');
  });

  it('loads, listing the WASI interfaces it imports', () => {
    expect(component.wasiImports).toEqual(
      expect.arrayContaining([
        'wasi:clocks/wall-clock',
        'wasi:clocks/monotonic-clock',
        'wasi:random/random',
        'wasi:cli/stdout',
        'wasi:filesystem/preopens',
      ]),
    );
  });

  it('is refused checkpoints, naming the interfaces whose resources live in JavaScript', async () => {
    const { identity, activation } = start(7);
    const driver = new WorkflowRunDriver(component, identity);
    await driver.activate(activation);
    expect(driver.checkpointRefusal()).toMatch(
      /imports .*wasi:cli\/stdout.*JavaScript handle tables that a checkpoint cannot capture/,
    );
    expect(() => driver.checkpoint(1)).toThrow(/wasi:cli\/stdout/);
  });

  it('reads workflow time from the wall clock, and the same random values for the same seed', async () => {
    const runs = await Promise.all(
      [7, 7, 8].map(async (seed) => {
        const { identity, activation } = start(seed);
        return resultOf(await new WorkflowRunDriver(component, identity).activate(activation));
      }),
    );
    expect(runs[0]!.now).toBe(START_MS);
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]!.now).toBe(START_MS);
    expect(runs[2]!.random).not.toEqual(runs[0]!.random);
    expect(runs[2]!.bytes).not.toEqual(runs[0]!.bytes);
  });

  it('records each reach outside the ABI as a hazard of the call that made it', async () => {
    const { identity, activation } = start(7);
    const driver = new WorkflowRunDriver(component, identity);
    await driver.activate(activation);
    const poll = driver.trace.find((e) => e.type === 'poll')!;
    const hazards = driver.trace.filter(
      (e): e is HazardEntry => e.type === 'hazard' && e.call === poll.seq,
    );
    // The guest's pollRoutine calls Date.now() once, Math.random() twice and getRandomValues once.
    expect(hazards.filter((h) => h.kind !== 'monotonic-clock')).toMatchObject([
      {
        kind: 'wall-clock',
        interface: 'wasi:clocks/wall-clock',
        function: 'now',
        count: 1,
        answer: `workflow time ${new Date(START_MS).toISOString()}`,
        activation: 0,
        denied: false,
      },
      { kind: 'random', function: 'get-random-u64', count: 2 },
      { kind: 'random', function: 'get-random-bytes', count: 1, answer: '4 seeded byte(s)' },
    ]);
    const views = traceViews(driver.trace);
    const wallClock = views.find(
      (v) => v.type === 'hazard' && v.kind === 'wall-clock' && v.call === poll.seq,
    );
    expect(wallClock).toMatchObject({
      sentence: 'guest read the wall clock during poll-routine(0) at activation 1',
    });
  });

  it('captures stdout and stderr as log lines of the call that wrote them', async () => {
    const { identity, activation } = start(7);
    const driver = new WorkflowRunDriver(component, identity);
    const seen = resultOf(await driver.activate(activation));
    const logs = driver.trace.filter((e): e is LogEntry => e.type === 'log');
    const callOf = (seq: number | undefined) => driver.trace[seq!]!.type;
    expect(logs.map((l) => [callOf(l.call), l.source, l.text])).toEqual([
      ['activate', 'stdout', `activate at ${START_MS}: 1 job(s)`],
      ['poll', 'stdout', `result ${JSON.stringify(seen)}`],
      ['poll', 'stderr', 'partial line without newline'],
    ]);
  });

  it('moves the clocks with each activation timestamp', async () => {
    const { identity, activation } = start(7);
    const driver = new WorkflowRunDriver(component, identity);
    await driver.activate(activation);
    const later = START_MS + 90_000;
    await driver.activate({
      runId: identity.runId,
      timestamp: {
        seconds: Long.fromNumber(Math.floor(later / 1000)),
        nanos: (later % 1000) * 1e6,
      },
      jobs: [{ fireTimer: { seq: 1 } }],
    });
    const lines = driver.trace.filter((e): e is LogEntry => e.type === 'log').map((l) => l.text);
    expect(lines).toContain(`activate at ${later}: 1 job(s)`);
    const monotonic = driver.trace.filter(
      (e): e is HazardEntry => e.type === 'hazard' && e.kind === 'monotonic-clock',
    );
    // The monotonic clock counts workflow time from the run's first activation.
    expect(monotonic.at(0)?.answer).toBe('0 ns of workflow time');
    expect(monotonic.at(-1)?.answer).toBe(`${(later - START_MS) * 1e6} ns of workflow time`);
  });
});

describe('network and file system access', () => {
  it('refuses wasi:http: the guest traps with the refusal, recorded as a network hazard', async () => {
    const component = await loadComponent(await guestComponent('net-user'), 'net-user.wasm');
    const { identity, activation } = firstActivation({ workflowType: 'net-user', args: [] });
    const driver = new WorkflowRunDriver(component, identity);
    const completion = await driver.activate(activation);
    expect(completion).toMatchObject({
      status: 'failed',
      message:
        'WASM workflow trapped in poll-routine(0): wasi:http/types.[constructor]fields: network access is denied to workflow code',
    });
    expect(driver.trace.find((e) => e.type === 'hazard')).toMatchObject({
      kind: 'network',
      interface: 'wasi:http/types',
      denied: true,
    });
  });

  it('gives the guest the error code its interface defines for "not allowed"', () => {
    const calls: WasiCall[] = [];
    const wasi = new DeterministicWasi({ hazard: (c) => calls.push(c), output() {} });
    const imports = wasi.imports([
      'wasi:filesystem/preopens',
      'wasi:filesystem/types',
      'wasi:sockets/tcp-create-socket',
      'wasi:sockets/ip-name-lookup',
    ]) as Record<string, Record<string, (...args: unknown[]) => unknown>>;
    const payloadOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (thrown) {
        return (thrown as { payload: unknown }).payload;
      }
      throw new Error('expected a refusal');
    };
    // No preopened directories: there is nothing to open.
    expect(imports['wasi:filesystem/preopens']!.getDirectories!()).toEqual([]);
    // wasi:filesystem error-code `access`; wasi:sockets error-code `access-denied`.
    const Descriptor = imports['wasi:filesystem/types']!.Descriptor as unknown as new () => object;
    expect(payloadOf(() => new Descriptor())).toBe('access');
    expect(
      payloadOf(() => imports['wasi:sockets/tcp-create-socket']!.createTcpSocket!('ipv4')),
    ).toBe('access-denied');
    expect(
      payloadOf(() => imports['wasi:sockets/ip-name-lookup']!.resolveAddresses!({}, 'x')),
    ).toBe('access-denied');
    expect(calls.map((c) => [c.kind, c.function, c.denied])).toEqual([
      ['filesystem', '[constructor]descriptor', true],
      ['network', 'create-tcp-socket', true],
      ['network', 'resolve-addresses', true],
    ]);
  });

  it('refuses a WASI interface it does not know with a trap that names it', () => {
    const wasi = new DeterministicWasi();
    const imports = wasi.imports(['wasi:keyvalue/store']) as Record<
      string,
      Record<string, () => unknown>
    >;
    expect(() => imports['wasi:keyvalue/store']!.open!()).toThrow(
      'wasi:keyvalue/store.open: this interface access is denied to workflow code',
    );
  });
});

describe('the seeded generator behind wasi:random', () => {
  it('is SplitMix64: the reference output for seed 1234567', () => {
    // First outputs of Vigna's reference splitmix64.c seeded with 1234567.
    const prng = new SplitMix64(1234567n);
    expect(Array.from({ length: 5 }, () => prng.nextU64())).toEqual([
      6457827717110365317n,
      3203168211198807973n,
      9817491932198370423n,
      4593380528125082431n,
      16408922859458223821n,
    ]);
  });

  it('gives bytes as little-endian words of the same stream', () => {
    const word = new SplitMix64(42n).nextU64();
    const bytes = new SplitMix64(42n).bytes(3);
    expect(Array.from(bytes)).toEqual([
      Number(word & 0xffn),
      Number((word >> 8n) & 0xffn),
      Number((word >> 16n) & 0xffn),
    ]);
  });
});
