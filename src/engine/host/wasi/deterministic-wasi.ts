/**
 * WASI for one workflow instance, answered deterministically: both clocks read workflow time (the
 * current activation's timestamp), random bytes come from a generator seeded with the run's
 * randomness seed, the environment is empty, standard input is closed, standard output and error
 * are captured line by line, and the file system, sockets and HTTP are refused with the error code
 * the guest's interface defines. Every call that reaches outside the workflow is reported to the
 * observer as a hazard, so the trace can say "guest read the wall clock at activation 7".
 *
 * A component made by another toolchain may import any of these; the upstream Rust host offers no
 * WASI at all, so none of this changes what a correct workflow does.
 *
 * The shapes are checked against preview2-shim's WIT-generated types, but its implementations are
 * not used: its Node build routes streams and clocks through a helper thread (started on import) to
 * the real process and file system, its browser build reads the real clocks and crypto, and
 * neither can be configured to answer from the activation. jco's instantiation mode takes any
 * objects of the interfaces' shapes.
 */
import type * as Environment from '@bytecodealliance/preview2-shim/interfaces/wasi-cli-environment';
import type * as Stderr from '@bytecodealliance/preview2-shim/interfaces/wasi-cli-stderr';
import type * as Stdin from '@bytecodealliance/preview2-shim/interfaces/wasi-cli-stdin';
import type * as Stdout from '@bytecodealliance/preview2-shim/interfaces/wasi-cli-stdout';
import type * as MonotonicClock from '@bytecodealliance/preview2-shim/interfaces/wasi-clocks-monotonic-clock';
import type * as WallClock from '@bytecodealliance/preview2-shim/interfaces/wasi-clocks-wall-clock';
import type * as Preopens from '@bytecodealliance/preview2-shim/interfaces/wasi-filesystem-preopens';
import type * as Poll from '@bytecodealliance/preview2-shim/interfaces/wasi-io-poll';
import type * as Insecure from '@bytecodealliance/preview2-shim/interfaces/wasi-random-insecure';
import type * as InsecureSeed from '@bytecodealliance/preview2-shim/interfaces/wasi-random-insecure-seed';
import type * as Random from '@bytecodealliance/preview2-shim/interfaces/wasi-random-random';
import type { HazardKind, WasiCall } from './hazard.ts';
import { InputStream, IoError, OutputStream, Pollable, pollAll } from './io.ts';
import { SplitMix64 } from './prng.ts';

export type OutputSource = 'stdout' | 'stderr';

export interface WasiObserver {
  hazard(call: WasiCall): void;
  output(source: OutputSource, line: string): void;
}

export interface WasiState {
  epochNs: bigint;
  originNs: bigint | undefined;
  random: bigint;
  insecureSeedPair: [bigint, bigint] | undefined;
}

const SILENT: WasiObserver = { hazard() {}, output() {} };

const NS_PER_S = 1_000_000_000n;

/** camelCase JS name → the kebab-case name the WIT uses. */
const witName = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** A refusal the guest sees as the `err` case where its function returns a result, else a trap. */
class Denied extends Error {
  constructor(
    message: string,
    readonly payload: unknown,
  ) {
    super(message);
  }
}

/** Families the host refuses, with the error-code value their WIT uses for "not allowed". */
const REFUSED: Array<{ prefix: string; kind: HazardKind; what: string; payload: unknown }> = [
  { prefix: 'wasi:filesystem/', kind: 'filesystem', what: 'file system', payload: 'access' },
  { prefix: 'wasi:sockets/', kind: 'network', what: 'network', payload: 'access-denied' },
  {
    prefix: 'wasi:http/',
    kind: 'network',
    what: 'network',
    payload: { tag: 'HTTP-request-denied' },
  },
];

export class DeterministicWasi {
  private epochNs = 0n;
  /** Workflow time of the first activation: the monotonic clock counts from there. */
  private originNs: bigint | undefined;
  private random = new SplitMix64(0n);
  private insecureSeedPair: [bigint, bigint] | undefined;
  private readonly stdout: OutputStream;
  private readonly stderr: OutputStream;
  private readonly stdin: InputStream;

  constructor(private readonly observer: WasiObserver = SILENT) {
    this.stdout = new OutputStream((line) => observer.output('stdout', line));
    this.stderr = new OutputStream((line) => observer.output('stderr', line));
    this.stdin = new InputStream(() =>
      this.hazard('stdin', 'wasi:io/streams', '[method]input-stream.read', 'end of stream'),
    );
  }

  /** Sets workflow time, as carried by the activation about to be delivered. */
  setWorkflowTime(seconds: bigint, nanos: number): void {
    this.epochNs = seconds * NS_PER_S + BigInt(nanos);
    this.originNs ??= this.epochNs;
  }

  /** Seeds random from InitializeWorkflow.randomness_seed or UpdateRandomSeed. */
  seedRandom(seed: bigint): void {
    this.random = new SplitMix64(seed);
    this.insecureSeedPair = undefined;
  }

  /**
   * What a checkpoint must keep: workflow time and where the random generator is. Output is
   * flushed after every guest call and streams hold nothing else, so between calls this is all.
   */
  state(): WasiState {
    return {
      epochNs: this.epochNs,
      originNs: this.originNs,
      random: this.random.position,
      insecureSeedPair: this.insecureSeedPair,
    };
  }

  restoreState(state: WasiState): void {
    this.epochNs = state.epochNs;
    this.originNs = state.originNs;
    this.random = new SplitMix64(state.random);
    this.insecureSeedPair = state.insecureSeedPair;
  }

  /** Passes on output not yet ended by a newline; called when a guest call returns. */
  flushOutput(): void {
    this.stdout.flushPending();
    this.stderr.flushPending();
  }

  /** Import objects for the WASI interfaces the component imports (unversioned names). */
  imports(interfaces: readonly string[]): Record<string, object> {
    const out: Record<string, object> = {};
    for (const name of interfaces) {
      if (name.startsWith('wasi:')) out[name] = this.interface(name);
    }
    return out;
  }

  private hazard(
    kind: HazardKind,
    iface: string,
    fn: string,
    answer: string,
    denied = false,
  ): void {
    this.observer.hazard({ kind, interface: iface, function: fn, answer, denied });
  }

  private workflowTime(): { seconds: bigint; nanoseconds: number } {
    return { seconds: this.epochNs / NS_PER_S, nanoseconds: Number(this.epochNs % NS_PER_S) };
  }

  private randomBytes(iface: string, fn: string, len: bigint): Uint8Array {
    this.hazard('random', iface, fn, `${len} seeded byte(s)`);
    return this.random.bytes(Number(len));
  }

  private randomU64(iface: string, fn: string): bigint {
    this.hazard('random', iface, fn, 'a seeded u64');
    return this.random.nextU64();
  }

  private interface(name: string): object {
    const refused = REFUSED.find((r) => name.startsWith(r.prefix));
    switch (name) {
      case 'wasi:clocks/wall-clock':
        return {
          now: () => {
            const time = this.workflowTime();
            const iso = new Date(Number(this.epochNs / 1_000_000n)).toISOString();
            this.hazard('wall-clock', name, 'now', `workflow time ${iso}`);
            return time;
          },
          resolution: () => ({ seconds: 0n, nanoseconds: 1 }),
        } satisfies typeof WallClock;
      case 'wasi:clocks/monotonic-clock':
        return {
          now: () => {
            const elapsed = this.epochNs - (this.originNs ?? this.epochNs);
            this.hazard('monotonic-clock', name, 'now', `${elapsed} ns of workflow time`);
            return elapsed;
          },
          resolution: () => 1n,
          subscribeInstant: (when: bigint) => {
            this.hazard('clock-wait', name, 'subscribe-instant', `instant ${when}: ready at once`);
            return new Pollable();
          },
          subscribeDuration: (duration: bigint) => {
            this.hazard('clock-wait', name, 'subscribe-duration', `${duration} ns: ready at once`);
            return new Pollable();
          },
        } satisfies typeof MonotonicClock;
      case 'wasi:random/random':
        return {
          getRandomBytes: (len: bigint) => this.randomBytes(name, 'get-random-bytes', len),
          getRandomU64: () => this.randomU64(name, 'get-random-u64'),
        } satisfies typeof Random;
      case 'wasi:random/insecure':
        return {
          getInsecureRandomBytes: (len: bigint) =>
            this.randomBytes(name, 'get-insecure-random-bytes', len),
          getInsecureRandomU64: () => this.randomU64(name, 'get-insecure-random-u64'),
        } satisfies typeof Insecure;
      case 'wasi:random/insecure-seed':
        return {
          insecureSeed: () => {
            this.hazard('random', name, 'insecure-seed', 'a seeded pair');
            return (this.insecureSeedPair ??= [this.random.nextU64(), this.random.nextU64()]);
          },
        } satisfies typeof InsecureSeed;
      case 'wasi:io/error':
        return { Error: IoError };
      case 'wasi:io/poll':
        return { Pollable, poll: pollAll } satisfies typeof Poll;
      case 'wasi:io/streams':
        // (Instances are checked against the interface through get-stdout and friends.)
        return { InputStream, OutputStream };
      case 'wasi:cli/stdout':
        return { getStdout: () => this.stdout } satisfies typeof Stdout;
      case 'wasi:cli/stderr':
        return { getStderr: () => this.stderr } satisfies typeof Stderr;
      case 'wasi:cli/stdin':
        return { getStdin: () => this.stdin } satisfies typeof Stdin;
      case 'wasi:cli/environment':
        return {
          getEnvironment: () => {
            this.hazard('environment', name, 'get-environment', 'no variables');
            return [];
          },
          getArguments: () => {
            this.hazard('environment', name, 'get-arguments', 'no arguments');
            return [];
          },
          initialCwd: () => {
            this.hazard('environment', name, 'initial-cwd', 'none');
            return undefined;
          },
        } satisfies typeof Environment;
      case 'wasi:cli/exit': {
        const exit = (fn: string, status: string): never => {
          this.hazard('exit', name, fn, 'trapped', true);
          throw new Error(`the workflow called ${name}.${fn}(${status}); a workflow cannot exit`);
        };
        return {
          exit: (status: { tag: string }) => exit('exit', status.tag),
          exitWithCode: (code: number) => exit('exit-with-code', String(code)),
        };
      }
      case 'wasi:cli/terminal-input':
        return { TerminalInput: class TerminalInput {} };
      case 'wasi:cli/terminal-output':
        return { TerminalOutput: class TerminalOutput {} };
      case 'wasi:cli/terminal-stdin':
        return { getTerminalStdin: () => undefined };
      case 'wasi:cli/terminal-stdout':
        return { getTerminalStdout: () => undefined };
      case 'wasi:cli/terminal-stderr':
        return { getTerminalStderr: () => undefined };
      case 'wasi:filesystem/preopens':
        // No directories: the guest has nothing to open, so listing them reaches nothing.
        return { getDirectories: () => [] } satisfies typeof Preopens;
      case 'wasi:filesystem/types':
        return this.refuse(name, refused!, {
          filesystemErrorCode: () => undefined,
        });
      case 'wasi:http/types':
        return this.refuse(name, refused!, { httpErrorCode: () => undefined });
      case 'wasi:sockets/instance-network':
        return this.refuse(name, refused!, { instanceNetwork: () => new Network() });
      case 'wasi:sockets/network':
        return this.refuse(name, refused!, { Network });
      default:
        return this.refuse(
          name,
          refused ?? { kind: 'other', what: 'this interface', payload: undefined },
          {},
        );
    }
  }

  /**
   * An interface whose every function (beyond `allowed`) refuses: a free function throws the
   * family's error code (the `err` the guest sees) and a resource cannot be constructed.
   */
  private refuse(
    iface: string,
    family: { kind: HazardKind; what: string; payload: unknown },
    allowed: Record<string, unknown>,
  ): object {
    const deny = (fn: string): never => {
      const message = `${iface}.${fn}: ${family.what} access is denied to workflow code`;
      this.hazard(family.kind, iface, fn, 'denied', true);
      throw new Denied(message, family.payload);
    };
    return new Proxy(allowed, {
      get(target, prop) {
        if (typeof prop !== 'string' || prop === 'then') return undefined;
        if (prop in target) return target[prop];
        if (/^[A-Z]/.test(prop)) {
          // A resource: constructing it or calling a static function refuses.
          return new Proxy(class {}, {
            construct: () => deny(`[constructor]${witName(prop).slice(1)}`),
            get: (cls, member) =>
              typeof member === 'string' && member !== 'prototype'
                ? () => deny(`[static]${witName(prop).slice(1)}.${witName(member)}`)
                : Reflect.get(cls, member),
          });
        }
        return () => deny(witName(prop));
      },
    });
  }
}

/** `wasi:sockets/network.network`: exists, but nothing can be done with it. */
class Network {}
